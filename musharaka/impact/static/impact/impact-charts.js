/* The analysis page's charts (Chart.js, no inline script under the CSP): the present value by stakeholder group
   (#impact-stakeholder-chart) and the tornado of the sensitivity runs (#impact-tornado-chart: the ratio at the low
   and the high value of each figure, floating bars around the base ratio). The figures come from the JSON of
   #impact-chart-data; a table of the same figures stands beside each chart. */
(function () {
  "use strict";
  var source = document.getElementById("impact-chart-data");
  if (!source || typeof window.Chart !== "function") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var lang = document.documentElement.lang;
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.animation = false;

  var stakeholders = document.getElementById("impact-stakeholder-chart");
  if (stakeholders && data.stakeholders && data.stakeholders.length) {
    new window.Chart(stakeholders, {
      type: "bar",
      data: {
        labels: data.stakeholders.map(function (row) { return row.label; }),
        datasets: [{ label: data.labels.value, data: data.stakeholders.map(function (row) { return row.value; }),
                     backgroundColor: "#0f5c4d" }]
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, locale: lang,
        scales: { x: { beginAtZero: true, reverse: rtl }, y: { position: rtl ? "right" : "left" } },
        plugins: { legend: { display: false } }
      }
    });
  }

  var tornado = document.getElementById("impact-tornado-chart");
  var runs = (data.tornado || []).filter(function (row) { return row.low !== null && row.high !== null; });
  if (tornado && runs.length && data.base !== null) {
    new window.Chart(tornado, {
      type: "bar",
      data: {
        labels: runs.map(function (row) { return row.label; }),
        datasets: [
          { label: data.labels.low, backgroundColor: "#8a6d1d",
            data: runs.map(function (row) { return [data.base, row.low]; }) },
          { label: data.labels.high, backgroundColor: "#0f5c4d",
            data: runs.map(function (row) { return [data.base, row.high]; }) }
        ]
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, locale: lang,
        scales: { x: { stacked: false, reverse: rtl }, y: { stacked: true, position: rtl ? "right" : "left" } },
        plugins: { legend: { rtl: rtl } }
      }
    });
  }
})();
