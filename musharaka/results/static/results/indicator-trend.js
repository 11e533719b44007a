// The indicator page's trend: actual against target per period, from the JSON beside the canvas (no inline script).
(function () {
  "use strict";
  var canvas = document.getElementById("indicator-trend");
  var source = document.getElementById("indicator-trend-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var rows = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: rows.map(function (row) { return row.label; }),
      datasets: [
        { label: canvas.dataset.actual, data: rows.map(function (row) { return row.actual; }), borderColor: "#198754" },
        { label: canvas.dataset.target, data: rows.map(function (row) { return row.target; }), borderColor: "#6c757d",
          borderDash: [6, 4] }
      ]
    },
    options: { locale: document.documentElement.lang, animation: false }
  });
})();
