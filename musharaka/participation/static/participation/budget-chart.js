/* The budget result's chart (Chart.js, vendored): votes of each project, funded ones in green; the table beside it
   gives the same figures. Data from the JSON of #budget-chart-data. */
(function () {
  "use strict";
  var source = document.getElementById("budget-chart-data");
  var canvas = document.getElementById("budget-chart");
  if (!source || !canvas || typeof window.Chart !== "function") { return; }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  window.Chart.defaults.animation = false;
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.names.votes, data: data.votes,
      backgroundColor: data.funded.map(function (f) { return f ? "#0f5c4d" : "#9aa5a1"; }) }] },
    options: { indexAxis: "y", maintainAspectRatio: false, locale: document.documentElement.lang,
      scales: { x: { beginAtZero: true, reverse: rtl }, y: { position: rtl ? "right" : "left" } },
      plugins: { legend: { display: false } } }
  });
})();
