/* The results page's charts (Chart.js, no inline script under the CSP): one bar chart per question from the JSON of
   #survey-charts ([{id, labels, values, label}]) drawn in #survey-chart-<id>; each chart's table gives its figures. */
(function () {
  "use strict";
  var source = document.getElementById("survey-charts");
  if (!source || typeof window.Chart !== "function") {
    return;
  }
  var rtl = document.documentElement.dir === "rtl";
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.animation = false;
  JSON.parse(source.textContent).forEach(function (chart) {
    var canvas = document.getElementById("survey-chart-" + chart.id);
    if (!canvas) {
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: chart.label, data: chart.values, backgroundColor: "#0f5c4d" }] },
      options: {
        indexAxis: "y", maintainAspectRatio: false, locale: document.documentElement.lang,
        scales: { x: { beginAtZero: true, reverse: rtl, ticks: { precision: 0 } }, y: { position: rtl ? "right" : "left" } },
        plugins: { legend: { display: false } }
      }
    });
  });
})();
