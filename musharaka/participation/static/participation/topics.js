/* The topic summary's bar chart (Chart.js, no inline script under the CSP): ideas and comments per topic, stacked.
   The figures come from the JSON of #topics-chart-data; the table beside the chart gives the same figures. */
(function () {
  "use strict";
  var source = document.getElementById("topics-chart-data");
  var canvas = document.getElementById("topics-chart");
  if (!source || !canvas || typeof window.Chart !== "function") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.animation = false;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.names.ideas, data: data.ideas, backgroundColor: "#0f5c4d" },
        { label: data.names.comments, data: data.comments, backgroundColor: "#c7a14a" }
      ]
    },
    options: {
      indexAxis: "y", maintainAspectRatio: false, locale: document.documentElement.lang,
      scales: { x: { stacked: true, reverse: rtl, beginAtZero: true }, y: { stacked: true, position: rtl ? "right" : "left" } },
      plugins: { legend: { rtl: rtl } }
    }
  });
}());
