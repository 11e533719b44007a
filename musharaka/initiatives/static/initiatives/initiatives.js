/* Initiative form: add partner/place rows from their <template>, and reset a place's lower levels when
   a higher one changes. Loaded with <script src> (the Content Security Policy forbids inline script). */
(function () {
  "use strict";

  function addRow(kind) {
    var template = document.getElementById(kind + "-template");
    var rows = document.getElementById(kind + "-rows");
    var total = document.getElementById("id_" + kind + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + kind + "-MAX_NUM_FORMS");
    if (!template || !rows || !total) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    if (window.htmx) window.htmx.process(row);
    var first = row.querySelector("input:not([type=hidden]), select");
    if (first) first.focus();
  }

  function resetSelect(select) {
    if (!select) return;
    while (select.options.length > 1) select.remove(1);
    select.selectedIndex = 0;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (button) {
      event.preventDefault();
      addRow(button.getAttribute("data-add-row"));
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    var row = target.closest("[data-formset-row]");
    if (!row) return;
    if (target.hasAttribute("data-place-region")) {
      resetSelect(row.querySelector("[data-place-city]"));
      resetSelect(row.querySelector("[data-place-neighbourhood]"));
    } else if (target.hasAttribute("data-place-city")) {
      resetSelect(row.querySelector("[data-place-neighbourhood]"));
    }
  });

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
  });
})();
