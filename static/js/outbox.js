/* The outbox: score sheets saved or submitted on a phone without a network, kept in IndexedDB
   until they reach the server. Each waits with the sheet version it was based on and is sent,
   oldest first, to the outbox endpoint, which saves it through the same service as the online form.
   Used by the judging pages (js/offline.js) and by the service worker (Background Sync). */
(function (root) {
  "use strict";
  var DB = "lsb-offline", OUTBOX = "outbox", META = "meta";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: "key" });
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(storeName, mode);
        var request = work(t.objectStore(storeName));
        t.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }
  function key(user, round, village) { return [user, round, village].join(":"); }
  function all() { return run(OUTBOX, "readonly", function (s) { return s.getAll(); }); }
  function byAge(a, b) { return a.at - b.at; }
  function mine(user) {
    return all().then(function (rows) {
      return rows.filter(function (r) { return r.user === user; }).sort(byAge);
    });
  }
  function others(user) {
    return all().then(function (rows) { return rows.filter(function (r) { return r.user !== user; }); });
  }
  function get(user, round, village) {
    return run(OUTBOX, "readonly", function (s) { return s.get(key(user, round, village)); });
  }
  // One entry per village: a newer save replaces the one waiting (keeping when it first waited,
  // so the order of sending stays the order of scoring).
  function put(entry) {
    entry.key = key(entry.user, entry.round, entry.village);
    entry.state = entry.state || "pending";
    entry.reason = entry.reason || "";
    return get(entry.user, entry.round, entry.village).then(function (old) {
      entry.at = old ? old.at : Date.now();
      entry.changed = Date.now();
      return run(OUTBOX, "readwrite", function (s) { return s.put(entry); });
    });
  }
  function update(entry) { return run(OUTBOX, "readwrite", function (s) { return s.put(entry); }); }
  function remove(entryKey) { return run(OUTBOX, "readwrite", function (s) { return s.delete(entryKey); }); }
  function meta(metaKey) {
    return run(META, "readonly", function (s) { return s.get(metaKey); }).then(function (row) { return row ? row.value : null; });
  }
  function setMeta(metaKey, value) {
    return run(META, "readwrite", function (s) { return s.put({ key: metaKey, value: value }); });
  }
  function removeOthers(user) {
    return others(user).then(function (rows) {
      return Promise.all(rows.map(function (r) { return remove(r.key); })).then(function () { return rows.length; });
    });
  }

  function locked(name, work) {
    if (root.navigator && root.navigator.locks) return root.navigator.locks.request(name, work);
    return work();
  }

  function post(options, token, entry) {
    return fetch(options.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json" },
      body: JSON.stringify({
        round: entry.round, village: entry.village, values: entry.values, remark: entry.remark,
        submit: entry.submit, version: entry.version
      })
    }).then(function (response) {
      return response.json().catch(function () { return { errors: null }; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  /* Send the user's waiting sheets, oldest first. A network failure stops (they wait for the next
     chance); a sheet refused by a rule or met by a newer one on the server stays, with the reason.
     options: endpoint, csrf (URLs), refresh(urls) to fetch the kept pages again after a save. */
  function send(user, options) {
    var summary = { sent: [], refused: [], conflicts: [], stopped: "" };
    return locked("lsb-outbox-" + user, function () {
      return mine(user).then(function (rows) {
        var waiting = rows.filter(function (r) { return r.state === "pending"; });
        if (!waiting.length) return summary;
        return fetch(options.csrf, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (response.status === 401 || response.status === 403) throw { login: true };
            return response.json();
          })
          .then(function (body) {
            if (body.user !== user) throw { login: true };
            var token = body.token;
            return waiting.reduce(function (chain, entry) {
              return chain.then(function () {
                if (summary.stopped) return;
                return post(options, token, entry).then(function (result) {
                  var reason = (result.body.errors || []).join(" ");
                  if (result.status === 200 && result.body.ok) {
                    summary.sent.push(entry);
                    return setMeta("sent:" + entry.key, { submitted: result.body.submitted, version: result.body.version, at: Date.now() })
                      .then(function () { return remove(entry.key); })
                      .then(function () { return options.refresh ? options.refresh(entry.pages || []) : null; });
                  }
                  if (result.status === 401) { summary.stopped = "login"; return; }
                  // Not the endpoint's answer (a server error, a refused CSRF token, a proxy's
                  // page): nothing was decided about the sheet, so it waits for the next chance.
                  if (!Array.isArray(result.body.errors)) { summary.stopped = "server"; return; }
                  entry.state = result.status === 409 ? "conflict" : "refused";
                  entry.reason = reason || String(result.status);
                  entry.serverVersion = result.body.version;
                  (entry.state === "conflict" ? summary.conflicts : summary.refused).push(entry);
                  return update(entry);
                });
              });
            }, Promise.resolve());
          })
          .catch(function (error) { summary.stopped = error && error.login ? "login" : "network"; })
          .then(function () { return summary; });
      });
    });
  }

  function clearAll() {
    return new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
  }

  root.lsbOutbox = {
    key: key, put: put, get: get, mine: mine, others: others, update: update, remove: remove,
    removeOthers: removeOthers, meta: meta, setMeta: setMeta, send: send, clearAll: clearAll
  };
})(self);
