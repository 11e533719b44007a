/* The ballot's live total (no inline script under the CSP): the sum of the chosen projects' costs against the
   budget, announced through the aria-live paragraph; the server checks the ballot again. */
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  if (!form) { return; }
  var amount = parseFloat(form.dataset.amount);
  var limit = parseInt(form.dataset.limit, 10);
  var sum = document.getElementById("ballot-sum");
  var warning = document.getElementById("ballot-warning");
  var total = document.getElementById("ballot-total");
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function update() {
    var boxes = form.querySelectorAll("input[name=project]:checked");
    var cost = 0;
    boxes.forEach(function (box) { cost += parseFloat(box.dataset.cost); });
    sum.textContent = format.format(cost);
    var message = "";
    if (form.dataset.kind === "choose_n" && boxes.length > limit) { message = total.dataset.tooMany; }
    else if (form.dataset.kind !== "choose_n" && cost > amount) { message = total.dataset.over; }
    warning.textContent = message;
  }
  form.addEventListener("change", update);
  update();
})();
