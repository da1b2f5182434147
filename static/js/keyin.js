/* Keying grid: Enter moves to the next cell like Tab, so a paper sheet is typed without the mouse;
   each row shows its running total (Σ weight × value) to check against the paper sheet's total. */
(function () {
  "use strict";
  var cells = Array.prototype.slice.call(document.querySelectorAll(".keyin-input"));
  cells.forEach(function (cell, i) {
    cell.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && cells[i + 1]) { event.preventDefault(); cells[i + 1].focus(); cells[i + 1].select(); }
    });
  });

  function updateRow(row) {
    var out = row.querySelector(".keyin-total");
    if (!out) return;
    var pairs = [], typed = 0, bad = false;
    row.querySelectorAll(".keyin-input").forEach(function (input) {
      var value = window.lsbScores.read(input.value);
      if (value === null) return;
      typed += 1;
      var wrong = isNaN(value) || value < 0 || value > Number(input.dataset.max);
      input.classList.toggle("is-warning", wrong);
      if (wrong) bad = true;
      else pairs.push([value, Number(input.dataset.weight || "1")]);
    });
    out.textContent = typed === 0 ? "" : bad ? "?" : window.lsbScores.total(pairs);
    out.classList.toggle("text-danger", bad);
  }

  var table = document.querySelector(".keyin-table");
  if (!table) return;
  table.querySelectorAll("tbody tr").forEach(updateRow);
  table.addEventListener("input", function (event) {
    var row = event.target.closest("tr");
    if (row) updateRow(row);
  });
})();
