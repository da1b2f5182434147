/* Scoring without a network, on the judging pages (我的评分, a round, a village's score sheet).

   - registers the service worker (/sw.js, for this user) that keeps pages and static files;
   - on an open round's page, online: keeps the round, each village's form and the static files on
     the phone, and says since when ("已可离线评分");
   - on a score sheet, offline: a submit or a draft goes to the outbox (js/outbox.js) with the
     version of the sheet it was based on, instead of the network;
   - sends the outbox when the network returns (online event, next page opened, Background Sync)
     and shows what waits, what was sent, what was refused and why, and conflicts to decide. */
(function () {
  "use strict";
  var script = document.getElementById("offline-script");
  var pageEl = document.getElementById("offline-page");
  if (!script || !pageEl || !window.indexedDB || !window.lsbOutbox) return;
  var cfg = script.dataset;
  var page = pageEl.dataset;
  var T = document.getElementById("offline-texts").dataset;
  var user = Number(cfg.user);
  var box = window.lsbOutbox;
  var round = Number(page.round || 0);
  var village = Number(page.village || 0);
  var statusEl = document.getElementById("offline-status");

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (m, name) { return values[name] === undefined ? m : values[name]; });
  }
  function clock(at) {
    var d = new Date(at);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }
  function part(name) { return statusEl && statusEl.querySelector("[data-part=" + name + "]"); }
  function say(name, text, tone) {
    var el = part(name);
    if (!el) return;
    el.textContent = text || "";
    el.classList.toggle("d-none", !text);
    if (tone) el.dataset.tone = tone;
    statusEl.hidden = !statusEl.querySelector("[data-part]:not(.d-none)");
  }

  // --- the service worker -------------------------------------------------------------------
  var registration = null;
  if ("serviceWorker" in navigator) {
    registration = navigator.serviceWorker.register(cfg.sw, { scope: cfg.scope, updateViaCache: "none" }).catch(function () {
      // No network to check for a new worker: the one already there still serves.
      return navigator.serviceWorker.getRegistration(cfg.scope).then(function (reg) { return reg || null; });
    }).catch(function () { return null; });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox") { report(event.data.summary); render(); }
    });
  }
  // The worker of this user (after another user's, a new one takes a moment to take over).
  function ownWorker() {
    if (!registration) return Promise.reject(new Error("no service worker"));
    return registration.then(function (reg) {
      if (!reg) throw new Error("no service worker");
      return new Promise(function (resolve, reject) {
        var tries = 0;
        (function look() {
          var worker = reg.active;
          if (worker && new URL(worker.scriptURL).searchParams.get("user") === String(user)) return resolve(worker);
          if (++tries > 100) return reject(new Error("service worker not ready"));
          setTimeout(look, 150);
        })();
      });
    });
  }
  function toWorker(message) {
    return ownWorker().then(function (worker) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        var timer = setTimeout(function () { reject(new Error("no answer")); }, 60000);
        channel.port1.onmessage = function (event) { clearTimeout(timer); resolve(event.data); };
        worker.postMessage(message, [channel.port2]);
      });
    });
  }
  function refresh(urls) { return toWorker({ type: "keep", urls: urls }).catch(function () { return null; }); }
  function askForSync() {
    if (!registration) return;
    registration.then(function (reg) {
      if (reg && reg.sync) return reg.sync.register("lsb-outbox");
    }).catch(function () { /* no Background Sync: the online event and the next page send it */ });
  }

  // --- what waits, shown ----------------------------------------------------------------------
  var LABELS = {
    sent: [T.sent, "text-bg-success"],
    pending: [T.pending, "text-bg-primary"],
    draft: [T.draft, "text-bg-warning"],
    conflict: [T.conflict, "text-bg-danger"],
    refused: [T.refused, "text-bg-danger"]
  };
  function stateOf(entry) {
    if (entry.state === "conflict") return "conflict";
    if (entry.state === "refused") return "refused";
    return entry.submit ? "pending" : "draft";
  }
  function showBadge(badge, state) {
    badge.textContent = LABELS[state][0];
    badge.className = "badge offline-badge " + LABELS[state][1];
    badge.dataset.state = state;
  }
  function renderRows(rows) {
    var entries = {};
    rows.forEach(function (r) { if (r.round === round) entries[r.village] = r; });
    document.querySelectorAll("[data-offline-village]").forEach(function (row) {
      var id = Number(row.dataset.offlineVillage);
      var badge = row.querySelector(".badge");
      var note = row.parentNode.querySelector("[data-offline-note='" + id + "']");
      var entry = entries[id];
      if (note) { note.textContent = entry && entry.state !== "pending" ? entry.reason : ""; note.classList.toggle("d-none", !(entry && entry.state !== "pending")); }
      if (entry) { showBadge(badge, stateOf(entry)); return; }
      box.meta("sent:" + box.key(user, round, id)).then(function (sent) {
        if (sent && sent.submitted) showBadge(badge, "sent");
      });
    });
  }
  try { localStorage.setItem("lsb-offline-used", "1"); } catch (e) { /* private mode */ }
  function note(rows) {
    // For the login form (js/app.js): whose sheets wait on this phone, read without waiting.
    var waiting = {};
    if (rows.length) waiting[cfg.username] = rows.length;
    try { localStorage.setItem("lsb-outbox-waiting", JSON.stringify(waiting)); } catch (e) { /* private mode */ }
  }
  function render() {
    return box.mine(user).then(function (rows) {
      note(rows);
      say("pending", rows.length ? fmt(T.waiting, { n: rows.length }) : "", "info");
      var problems = rows.filter(function (r) { return r.state !== "pending"; }).length;
      say("problems", problems ? fmt(T.problems, { n: problems }) : "", "danger");
      say("network", navigator.onLine ? "" : T.offline, "warning");
      if (page.page === "round") renderRows(rows);
      if (page.page === "sheet") renderSheet(rows);
      return rows;
    }).catch(function () { return []; });
  }
  function report(summary) {
    if (!summary) return;
    if (summary.sent.length) say("message", fmt(T.uploaded, { n: summary.sent.length }), "success");
    if (summary.stopped === "login") say("message", T.login, "danger");
  }

  // --- sending ------------------------------------------------------------------------------
  var sending = null;
  function sendNow() {
    if (!navigator.onLine || sending) return sending;
    sending = box.mine(user).then(function (rows) {
      if (!rows.some(function (r) { return r.state === "pending"; })) return null;
      say("message", T.sending, "info");
      return box.send(user, { endpoint: cfg.outbox, csrf: cfg.csrf, refresh: refresh });
    }).then(function (summary) {
      // The worker (Background Sync) may have sent them first and said so already.
      var el = part("message");
      if (el && el.textContent === T.sending) say("message", "", "info");
      if (summary) report(summary);
      return render();
    }).catch(function () { return render(); }).then(function (rows) { sending = null; return rows; });
    return sending;
  }
  window.addEventListener("online", function () {
    render();
    sendNow();
    if (page.page === "sheet") checkCriteria();
  });
  window.addEventListener("offline", render);

  // --- another user's leftovers ------------------------------------------------------------------
  try {
    // Values typed into another user's score sheets (js/scoresheet.js: lsb-sheet-round-village-user).
    Object.keys(localStorage).forEach(function (k) {
      if (/^lsb-sheet-\d+-\d+-\d+$/.test(k) && k.split("-").pop() !== String(user)) localStorage.removeItem(k);
    });
  } catch (e) { /* private mode */ }
  var ready = box.removeOthers(user).then(function (n) {
    if (n) say("message", fmt(T.othersRemoved, { n: n }), "warning");
  }).catch(function () {});

  // --- an open round's page, online: keep everything needed to score it -------------------------
  function keepRound() {
    var urls = [cfg.scope, location.pathname];
    document.querySelectorAll("[data-offline-village]").forEach(function (a) { urls.push(a.getAttribute("href")); });
    say("kept", T.keeping, "info");
    return toWorker({ type: "keep", urls: urls }).then(function (result) {
      if (result && !result.failed) {
        return box.setMeta("kept:" + user + ":" + round, result.at).then(function () { showKept(result.at); });
      }
      return showKept(null);
    }).catch(function () { return showKept(null); });
  }
  function showKept(at) {
    if (at) return say("kept", fmt(T.kept, { time: clock(at) }), "success");
    return box.meta("kept:" + user + ":" + round).then(function (saved) {
      say("kept", saved ? fmt(T.kept, { time: clock(saved) }) : (navigator.onLine ? T.notKept : T.notKeptOffline), saved ? "success" : "warning");
    });
  }

  // --- a score sheet -------------------------------------------------------------------------
  var form = document.getElementById("score-form");
  var inputs = form ? Array.prototype.slice.call(form.querySelectorAll(".score-input")) : [];
  var remark = form && form.querySelector("textarea[name=remark]");
  function labelOf(input) {
    var label = form.querySelector("label[for='" + input.id + "'] span");
    return label ? label.textContent.trim() : input.name;
  }
  function fill(values, text) {
    // Read-only too (a closed round): the judge sees what waits on the phone, as the note says.
    inputs.forEach(function (input) { input.value = values[input.name] === undefined ? "" : values[input.name]; });
    if (remark) remark.value = text || "";
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }
  var sheetNote = document.getElementById("offline-sheet-note");
  var conflictEl = document.getElementById("offline-conflict");
  var filled = false;
  var waitingHere = null;
  function renderSheet(rows) {
    var entry = rows.filter(function (r) { return r.round === round && r.village === village; })[0];
    waitingHere = entry || null;
    if (conflictEl) conflictEl.classList.add("d-none");
    if (!entry) {
      sheetNote.classList.add("d-none");
      var line = document.getElementById("offline-discard-line");
      if (line) line.classList.add("d-none");
      return;
    }
    if (entry.state === "conflict" && navigator.onLine) return showConflict(entry);
    if (!filled) { fill(entry.values, entry.remark); filled = true; }
    var text = entry.state === "pending" ? (entry.submit ? T.sheetWaiting : T.draftWaiting) : fmt(T.sheetRefused, { reason: entry.reason });
    sheetNote.textContent = text;
    sheetNote.className = "alert py-2 " + (entry.state === "pending" ? "alert-info" : "alert-danger");
    // A sheet a rule refused (the round closed, a value out of range) waits until it is corrected
    // and submitted again, or given up here.
    var discard = document.getElementById("offline-discard");
    if (discard) {
      discard.parentNode.classList.toggle("d-none", entry.state !== "refused");
      discard.onclick = function () {
        if (!window.confirm(discard.dataset.question)) return;
        box.remove(entry.key).then(function () {
          try { localStorage.removeItem(form.dataset.storageKey); } catch (e) { /* nothing kept */ }
          location.reload();
        });
      };
    }
  }
  function showConflict(entry) {
    // As the online form's stale save shows it: the newest values (this page, just fetched) in
    // the form, the refused ones listed in the warning; the judge decides.
    var saved = JSON.parse(form.dataset.saved || "{}");
    try { localStorage.removeItem(form.dataset.storageKey); } catch (e) { /* nothing kept */ }
    fill(saved, saved.remark || "");
    var restore = document.getElementById("restore-note");
    if (restore) restore.classList.add("d-none");
    sheetNote.classList.add("d-none");
    conflictEl.querySelector("[data-part=reason]").textContent = entry.reason;
    conflictEl.querySelector("[data-part=mine]").textContent = inputs.map(function (input) {
      return labelOf(input) + " " + (entry.values[input.name] || "—");
    }).join("；") + (entry.remark ? "；" + T.remark + " " + entry.remark : "");
    conflictEl.classList.remove("d-none");
    conflictEl.querySelector("[data-action=mine]").onclick = function () {
      box.remove(entry.key).then(function () {
        fill(entry.values, entry.remark);
        conflictEl.classList.add("d-none");
        sheetNote.textContent = T.mineChosen;
        sheetNote.className = "alert py-2 alert-info";
      });
    };
    conflictEl.querySelector("[data-action=server]").onclick = function () {
      box.remove(entry.key).then(function () {
        try { localStorage.removeItem(form.dataset.storageKey); } catch (e) { /* nothing kept */ }
        location.reload();
      });
    };
  }
  function markInvalid(input, message) {
    input.classList.add("is-invalid");
    var feedback = document.getElementById(input.id + "-offline-err");
    if (!feedback) {
      feedback = document.createElement("div");
      feedback.className = "invalid-feedback d-block";
      feedback.id = input.id + "-offline-err";
      input.parentNode.appendChild(feedback);
    }
    feedback.textContent = message;
  }
  function validate(submit) {
    var ok = true;
    inputs.forEach(function (input) {
      input.classList.remove("is-invalid");
      var old = document.getElementById(input.id + "-offline-err");
      if (old) old.remove();
      var value = window.lsbScores.read(input.value);
      var max = Number(input.dataset.max);
      if (value === null) {
        if (submit) { markInvalid(input, T.fillIn); ok = false; }
      } else if (isNaN(value) || value < 0 || value > max) {
        markInvalid(input, fmt(T.range, { name: labelOf(input), max: String(max), value: input.value }));
        ok = false;
      }
    });
    return ok;
  }
  function saveOffline(submit) {
    if (!validate(submit)) { say("message", T.invalid, "danger"); return; }
    var values = {};
    inputs.forEach(function (input) { values[input.name] = window.lsbScores.normalise(input.value); });
    var versionInput = form.querySelector("input[name=version]");
    box.put({
      user: user, username: cfg.username, round: round, village: village, villageName: page.villageName,
      values: values, remark: remark ? remark.value : "", submit: submit,
      version: Number(versionInput && versionInput.value || 0), criteria: page.criteria,
      pages: [location.pathname, page.roundUrl, cfg.scope]
    }).then(function () {
      return box.mine(user).then(note);
    }).then(function () {
      askForSync();
      if (submit && page.nextUrl) { location.href = page.nextUrl; return; }
      if (submit) { location.href = page.roundUrl; return; }
      say("message", T.draftSaved, "success");
      return render();
    }).catch(function () { say("message", T.notSaved, "danger"); });
  }
  if (form && page.page === "sheet") {
    form.addEventListener("submit", function (event) {
      var submit = !!(event.submitter && event.submitter.name === "submit");
      if (navigator.onLine) {
        // Sent now, as without the outbox: what waited for this village is superseded, and is
        // removed before the page goes (or it would be sent again later).
        if (!waitingHere) return;
        event.preventDefault();
        var submitter = event.submitter;
        var entryKey = waitingHere.key;
        waitingHere = null;
        box.remove(entryKey).catch(function () {}).then(function () {
          if (form.requestSubmit) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
          else form.submit();
        });
        return;
      }
      event.preventDefault();
      saveOffline(submit);
    });
  }
  // A kept form whose round's criteria have changed is fetched again before scoring.
  function checkCriteria() {
    if (!navigator.onLine || !page.versionUrl) return;
    // Not following a redirect to the login page: that page would set a new CSRF cookie, and a
    // login form open in another tab would then be refused.
    fetch(page.versionUrl, { credentials: "same-origin", cache: "no-store", redirect: "manual", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (current) {
        if (!current) return;
        // The round closing is not a reason to reload: a sheet sent then is refused with its reason.
        var changed = current.criteria !== page.criteria;
        var guard = "lsb-refetched-" + location.pathname;
        if (!changed) { sessionStorage.removeItem(guard); return; }
        if (sessionStorage.getItem(guard)) return;
        sessionStorage.setItem(guard, "1");
        say("message", T.criteriaChanged, "warning");
        refresh([location.pathname, page.roundUrl]).then(function () { location.reload(); });
      })
      .catch(function () { /* offline after all */ });
  }

  // --- start -------------------------------------------------------------------------------------
  if (!navigator.onLine) {
    // A kept page may carry the messages of when it was kept ("已提交"); they are old news now.
    document.querySelectorAll("#main > .alert-dismissible").forEach(function (el) { el.remove(); });
  }
  ready.then(function () {
    render().then(function () {
      // Only an open round is kept for scoring; a closed one is read online.
      if (page.page === "round" && page.open === "1") {
        if (navigator.onLine) keepRound();
        else showKept(null);
      }
      if (page.page === "sheet") checkCriteria();
      sendNow();
    });
  });
})();
