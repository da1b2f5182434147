/* Score sheet on a phone: running total, and typed values kept in this browser
   (localStorage) until the server has them, so a lost connection or failed submit loses nothing. */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) return;
  var key = form.dataset.storageKey;
  var saved = JSON.parse(form.dataset.saved || "{}");
  var inputs = Array.prototype.slice.call(form.querySelectorAll(".score-input"));
  var remark = form.querySelector("textarea[name=remark]");
  var totalEl = document.getElementById("running-total");

  var normalise = window.lsbScores.normalise;
  function current() {
    var data = {};
    inputs.forEach(function (input) { data[input.name] = normalise(input.value); });
    data.remark = remark ? remark.value : "";
    return data;
  }
  function sameAsServer(data) {
    return Object.keys(data).every(function (name) {
      var server = saved[name] === undefined ? "" : String(saved[name]);
      var local = data[name];
      if (name !== "remark" && server !== "" && local !== "" && Number(server) === Number(local)) return true;
      return server === local;
    });
  }
  function updateTotal() {
    var pairs = [];
    inputs.forEach(function (input) {
      var value = window.lsbScores.read(input.value);
      var bad = value !== null && (isNaN(value) || value < 0 || value > Number(input.dataset.max));
      input.classList.toggle("is-warning", bad);
      if (value !== null && !bad) pairs.push([value, Number(input.dataset.weight || "1")]);
    });
    totalEl.textContent = window.lsbScores.total(pairs);
  }
  function store() {
    try {
      var data = current();
      if (sameAsServer(data)) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify({ values: data, at: Date.now() }));
    } catch (e) { /* private mode: nothing to keep */ }
  }

  var pending = null;
  try { pending = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { pending = null; }
  if (form.dataset.conflict) {
    // The newer values from the server are shown; the refused ones are listed in the warning.
    try { localStorage.removeItem(key); } catch (e) {}
  } else if (pending && pending.values && !sameAsServer(pending.values)) {
    var page = current();
    var restored = false;
    inputs.concat(remark ? [remark] : []).forEach(function (el) {
      var value = pending.values[el.name];
      if (value !== undefined && value !== page[el.name] && !el.readOnly) { el.value = value; restored = true; }
    });
    if (restored) document.getElementById("restore-note").classList.remove("d-none");
  } else if (pending) {
    try { localStorage.removeItem(key); } catch (e) {}
  }

  // The sticky bar must never cover the field being typed in, even when the on-screen keyboard
  // shrinks the window: after focus and after every resize, scroll the field (with its label when
  // there is room) into the space above the bar.
  var bar = form.querySelector(".score-actions");
  function keepInSight(el) {
    if (!el || !bar || !form.contains(el) || bar.contains(el) || !el.getBoundingClientRect) return;
    var margin = 8;
    var limit = Math.min(bar.getBoundingClientRect().top, window.innerHeight) - margin;
    var card = el.closest(".score-card") || el;
    var box = el.getBoundingClientRect();
    var cardBox = card.getBoundingClientRect();
    var top = cardBox.bottom - cardBox.top <= limit - margin ? cardBox.top : box.top;
    var bottom = cardBox.bottom - cardBox.top <= limit - margin ? cardBox.bottom : box.bottom;
    // Instant, not smooth: the judge is typing and the next keystroke must land in sight.
    if (bottom > limit) window.scrollBy({ top: bottom - limit, behavior: "instant" });
    else if (top < margin) window.scrollBy({ top: top - margin, behavior: "instant" });
  }
  function keepFocusedInSight() {
    window.requestAnimationFrame(function () { keepInSight(document.activeElement); });
  }
  form.addEventListener("focusin", keepFocusedInSight);
  window.addEventListener("resize", keepFocusedInSight);
  if (window.visualViewport) window.visualViewport.addEventListener("resize", keepFocusedInSight);

  form.addEventListener("input", function () { updateTotal(); store(); });
  form.addEventListener("submit", store);
  inputs.forEach(function (input, i) {
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && inputs[i + 1]) { event.preventDefault(); inputs[i + 1].focus(); }
    });
  });
  updateTotal();
  store();
})();
