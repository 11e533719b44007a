/* The statistics page's chart (Chart.js, no inline script under the CSP): verified hours by group
   (#volunteering-hours-chart) from the JSON of #volunteering-chart-data; the table below gives the same figures. */
(function () {
  "use strict";
  var source = document.getElementById("volunteering-chart-data");
  var canvas = document.getElementById("volunteering-hours-chart");
  if (!source || !canvas || typeof window.Chart !== "function") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.animation = false;
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.label, data: data.values, backgroundColor: "#0f5c4d" }] },
    options: {
      indexAxis: "y", maintainAspectRatio: false, locale: document.documentElement.lang,
      scales: { x: { beginAtZero: true, reverse: rtl }, y: { position: rtl ? "right" : "left" } },
      plugins: { legend: { display: false } }
    }
  });
})();
