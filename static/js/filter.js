/* <input data-filter="#list">: typing hides the items of #list (elements with data-filter-text)
   that do not contain what was typed; an element marked data-filter-empty shows when none do. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var list = document.querySelector(input.dataset.filter);
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-filter-text]"));
    var empty = list.querySelector("[data-filter-empty]");
    function apply() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.dataset.filterText.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        item.classList.toggle("d-none", !match);
        if (match) shown += 1;
      });
      if (empty) empty.hidden = shown > 0;
    }
    input.addEventListener("input", apply);
    apply();
  });
})();
