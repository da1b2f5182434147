/* Keying grid: Enter moves to the next cell like Tab, so a paper sheet is typed without the mouse. */
(function () {
  "use strict";
  var cells = Array.prototype.slice.call(document.querySelectorAll(".keyin-input"));
  cells.forEach(function (cell, i) {
    cell.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && cells[i + 1]) { event.preventDefault(); cells[i + 1].focus(); cells[i + 1].select(); }
    });
  });
})();
