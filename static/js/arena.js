/* Arena screen: poll the round's state every few seconds and update the cards in place. */
(function () {
  "use strict";
  var root = document.getElementById("arena");
  if (!root) return;
  var url = root.dataset.stateUrl;
  function text(card, field, value) {
    var el = card.querySelector('[data-field="' + field + '"]');
    if (el && el.textContent !== value) el.textContent = value;
  }
  function apply(state) {
    document.getElementById("arena-submitted").textContent = state.submitted;
    document.getElementById("arena-expected").textContent = state.expected;
    document.getElementById("arena-status").textContent = state.status_label;
    var note = document.getElementById("arena-running-note");
    if (note) note.hidden = state.final;
    state.villages.forEach(function (v) {
      var card = root.querySelector('[data-village="' + v.id + '"]');
      if (!card) return;
      text(card, "submitted", String(v.submitted));
      text(card, "total", v.revealed ? (v.total || "—") : root.dataset.labelWaiting);
      text(card, "rank", v.rank_label || "");
      text(card, "provisional", v.provisional ? root.dataset.labelProvisional : "");
      card.classList.toggle("revealed", v.revealed);
      if (v.revealed) {
        var form = card.querySelector(".arena-reveal");
        if (form) form.remove();
      }
    });
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) apply(state); })
      .catch(function () { /* projector on a flaky network: try again next tick */ })
      .finally(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 3000);
})();
