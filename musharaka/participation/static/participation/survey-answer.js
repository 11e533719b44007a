/* The answering page: conditional questions shown and hidden as the person answers (the server decides again and
   drops the answers to questions it does not show). A hidden question's inputs are disabled, so they are not sent.
   Conditions come from #survey-conditions: {question id: {show_if: id of an earlier question, keys: [...]}}. */
(function () {
  "use strict";
  var form = document.getElementById("survey-answer-form");
  var source = document.getElementById("survey-conditions");
  if (!form || !source) {
    return;
  }
  var conditions = JSON.parse(source.textContent);
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));

  function chosen(id) {
    var inputs = form.querySelectorAll("[name='q" + id + "']:checked");
    return Array.prototype.map.call(inputs, function (input) { return input.value; });
  }

  function update() {
    var shown = {};
    blocks.forEach(function (block) {
      var id = block.getAttribute("data-question");
      var rule = conditions[id];
      var visible = true;
      if (rule) {
        var keys = shown[rule.show_if] ? chosen(rule.show_if) : [];
        visible = keys.some(function (key) { return rule.keys.indexOf(key) !== -1; });
      }
      shown[id] = visible;
      block.hidden = !visible;
      Array.prototype.forEach.call(block.querySelectorAll("input, textarea, select"), function (input) {
        input.disabled = !visible;
      });
    });
  }

  form.addEventListener("change", update);
  update();
})();
