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

  // What was typed is kept in this browser until the server has it: a save refused while the
  // system is busy, or a lost connection, loses nothing. A cell is restored only if the server
  // still holds what it held when it was typed, so a colleague's newer save is never overwritten.
  var form = document.getElementById("keyin-form");
  var key = form && form.dataset.storageKey;
  if (!key) return;
  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function store() {
    var typed = {};
    cells.forEach(function (cell) {
      if (cell.value !== cell.defaultValue) typed[cell.name] = { value: cell.value, base: cell.defaultValue };
    });
    try {
      if (Object.keys(typed).length) localStorage.setItem(key, JSON.stringify(typed));
      else localStorage.removeItem(key);
    } catch (e) { /* private mode: nothing to keep */ }
  }
  var pending = load();
  var restored = 0;
  if (pending && !form.querySelector(".is-invalid")) {
    cells.forEach(function (cell) {
      var kept = pending[cell.name];
      if (kept && kept.base === cell.defaultValue && kept.value !== cell.value) {
        cell.value = kept.value;
        restored += 1;
      }
    });
  }
  if (restored) {
    document.getElementById("keyin-restored").classList.remove("d-none");
    table.querySelectorAll("tbody tr").forEach(updateRow);
  }
  store();
  form.addEventListener("input", store);
  document.getElementById("keyin-discard").addEventListener("click", function () {
    cells.forEach(function (cell) { cell.value = cell.defaultValue; });
    table.querySelectorAll("tbody tr").forEach(updateRow);
    store();
    document.getElementById("keyin-restored").classList.add("d-none");
  });
})();
