/* The scoring page's autosave: a few seconds after a change, the form's fields go as JSON to the sheet's autosave
   endpoint (the CSRF token in a header) and the page says when they were saved. Without JavaScript the form posts
   as usual. Loaded with <script src> (the Content Security Policy forbids inline script). */
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-autosave-url");
  var DELAY = 2500;  // milliseconds after the last change
  var timer = null;
  var saving = false;
  var again = false;
  var stopped = false;

  function fields() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "action") data[name] = value;
    });
    return data;
  }

  function token() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function show(text, failed) {
    status.textContent = text || "";
    status.classList.toggle("text-danger", !!failed);
  }

  function save() {
    timer = null;
    if (stopped) return;
    if (saving) { again = true; return; }
    saving = true;
    window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token() },
      body: JSON.stringify(fields())
    }).then(function (response) {
      return response.json().then(function (body) {
        // A submitted sheet, a closed round or a lost sheet: saving again would fail the same way.
        if (response.status === 401 || response.status === 404 || response.status === 409) stopped = true;
        show(body.detail, !response.ok);
      });
    }).catch(function () {
      show(form.getAttribute("data-error-text"), true);
    }).then(function () {
      saving = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    if (stopped) return;
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function () {
    // The form's own post takes over: no autosave may land after it.
    stopped = true;
    if (timer) window.clearTimeout(timer);
  });
})();
