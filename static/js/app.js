/* Small page helpers shared by every page. No inline handlers: the Content Security Policy
   allows only script files, so pages mark elements with data attributes instead. */
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the language menu).
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // <form data-confirm="question">: ask before submitting (deleting something); with
  // data-confirm-when="selector", only when the form holds a match (a ticked 删除 box).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.confirm) return;
    if (form.dataset.confirmWhen && !form.querySelector(form.dataset.confirmWhen)) return;
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // Logging out removes what a judge's phone keeps for scoring offline (inspections'
  // js/offline.js): the kept pages, the outbox and the service worker. Sheets still waiting in
  // the outbox are lost, so the judge is asked first.
  function outboxCount() {
    if (!window.indexedDB) return Promise.resolve(0);
    var known = indexedDB.databases ? indexedDB.databases() : Promise.resolve([{ name: "lsb-offline" }]);
    return known.then(function (list) {
      if (!list.some(function (db) { return db.name === "lsb-offline"; })) return 0;
      return new Promise(function (resolve) {
        var request = indexedDB.open("lsb-offline");
        request.onerror = function () { resolve(0); };
        request.onsuccess = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains("outbox")) { db.close(); return resolve(0); }
          var rows = db.transaction("outbox").objectStore("outbox").getAll();
          rows.onsuccess = function () {
            db.close();
            resolve(rows.result.length);
          };
          rows.onerror = function () { db.close(); resolve(0); };
        };
      });
    }).catch(function () { return 0; });
  }
  function forgetOffline() {
    var work = [];
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("lsb-") === 0; }).map(function (n) { return caches.delete(n); }));
      }));
    }
    if (window.indexedDB) {
      work.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("lsb-offline");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    if (navigator.serviceWorker) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (r) { return r.unregister(); }));
      }));
    }
    var done = Promise.all(work).catch(function () {});
    return Promise.race([done, new Promise(function (resolve) { setTimeout(resolve, 3000); })]);
  }
  // Another user logging in on this phone: the next judging page removes what the previous user
  // kept (js/offline.js); their sheets still waiting are lost, so ask first. The judging pages
  // note in localStorage how many wait for whom, so the question can be asked at once.
  function waitingFor() {
    try { return JSON.parse(localStorage.getItem("lsb-outbox-waiting") || "{}") || {}; } catch (e) { return {}; }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-login]")) return;
    var name = form.querySelector("input[name=username]");
    var waiting = waitingFor(), n = 0;
    Object.keys(waiting).forEach(function (who) { if (!name || who !== name.value.trim()) n += Number(waiting[who]) || 0; });
    if (n && !window.confirm(form.dataset.outboxWarning.replace("{n}", n))) event.preventDefault();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-logout]")) return;
    try { if (!localStorage.getItem("lsb-offline-used")) return; } catch (e) { return; }
    event.preventDefault();
    outboxCount().then(function (n) {
      if (n && !window.confirm(form.dataset.outboxWarning.replace("{n}", n))) return;
      forgetOffline().then(function () {
        try {
          Object.keys(localStorage).forEach(function (k) {
            // What a judge typed into score sheets (js/scoresheet.js) goes with them.
            if (k === "lsb-offline-used" || k === "lsb-outbox-waiting" || k.indexOf("lsb-sheet-") === 0) localStorage.removeItem(k);
          });
        } catch (e) { /* private mode */ }
        form.submit();
      });
    });
  });
})();
