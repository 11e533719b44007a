/* The plan's charts (Chart.js, no inline script under the CSP): progress by goal (#goal-progress-chart) and each
   indicator's trend, target against actual (canvas[data-indicator]). The figures come from the JSON of
   #plan-chart-data; every chart has a table of the same figures beside it for those who do not see it. */
(function () {
  "use strict";
  var source = document.getElementById("plan-chart-data");
  if (!source || typeof window.Chart !== "function") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var font = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.font.family = font;
  window.Chart.defaults.animation = false;

  var goals = document.getElementById("goal-progress-chart");
  if (goals && data.goals) {
    new window.Chart(goals, {
      type: "bar",
      data: {
        labels: data.goals.labels,
        datasets: [{ label: data.labels.progress, data: data.goals.values, backgroundColor: "#0f5c4d" }]
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, locale: document.documentElement.lang,
        scales: { x: { min: 0, max: 100, reverse: rtl }, y: { position: rtl ? "right" : "left" } },
        plugins: { legend: { display: false } }
      }
    });
  }

  (data.indicators || []).forEach(function (trend) {
    var canvas = document.querySelector('canvas[data-indicator="' + trend.id + '"]');
    if (!canvas) {
      return;
    }
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: [
          { label: data.labels.target, data: trend.target, borderColor: "#8a6d1d", borderDash: [6, 4], spanGaps: true },
          { label: data.labels.actual, data: trend.actual, borderColor: "#0f5c4d", spanGaps: true }
        ]
      },
      options: {
        maintainAspectRatio: false, locale: document.documentElement.lang,
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? "right" : "left" } },
        plugins: { legend: { rtl: rtl } }
      }
    });
  });
})();
