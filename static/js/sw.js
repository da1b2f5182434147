/* The judges' service worker (loaded by /sw.js after its configuration, self.LSB).

   Workbox keeps the static files (precached when the worker installs) and the judging pages
   (network first, the kept copy when there is no network). Only pages under /judging/ of this
   worker's user are kept: each cache is named after the user and the release, and a new worker
   (another user, a new release) removes every other one. The outbox (js/outbox.js) is sent from
   here too when the browser fires Background Sync. */
(function () {
  "use strict";
  var C = self.LSB;
  workbox.setConfig({
    modulePathPrefix: C.workbox,
    modulePathCb: function (name) { return C.modules[name] || C.workbox + name + ".prod.js"; },
    debug: false
  });
  // Loaded now, while the worker is evaluated: modules may not be imported later.
  var core = workbox.core, routing = workbox.routing, strategies = workbox.strategies;
  var precaching = workbox.precaching, cacheable = workbox.cacheableResponse;

  var PREFIX = "lsb-u" + C.user;
  core.setCacheNameDetails({ prefix: PREFIX, suffix: C.version, precache: "static", runtime: "pages" });
  var PAGES = core.cacheNames.runtime;
  var STATIC = core.cacheNames.precache;
  var ASSETS = PREFIX + "-assets-" + C.version;
  var KEEP = [PAGES, STATIC, ASSETS];

  // A kept page must be this user's own (the server names the user of each judging page).
  function ownPage(response) {
    return response && response.status === 200 && response.headers.get("X-Offline-User") === String(C.user);
  }
  var ownPagesOnly = { cacheWillUpdate: function (args) { return ownPage(args.response) ? args.response : null; } };

  if (C.user) {
    precaching.precacheAndRoute(C.precache.map(function (url) { return { url: url, revision: C.version }; }));
    routing.registerRoute(
      function (o) { return o.request.mode === "navigate" && o.url.origin === self.location.origin && o.url.pathname.indexOf(C.scope) === 0; },
      new strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 8, plugins: [ownPagesOnly], matchOptions: { ignoreVary: true } })
    );
    routing.registerRoute(
      function (o) { return o.url.origin === self.location.origin && o.url.pathname.indexOf(C.static) === 0; },
      new strategies.StaleWhileRevalidate({ cacheName: ASSETS, plugins: [new cacheable.CacheableResponsePlugin({ statuses: [200] })] })
    );
  }
  // Nothing else is handled: every other request goes to the network as without a worker.

  self.addEventListener("install", function () { self.skipWaiting(); });

  // Pages kept by an earlier release are fetched again for this one (or copied when offline);
  // then every cache that is not this user's and this release's goes.
  function carryOver(names) {
    var oldPages = names.filter(function (n) { return n.indexOf(PREFIX + "-pages-") === 0 && n !== PAGES; });
    return Promise.all(oldPages.map(function (name) {
      return caches.open(name).then(function (old) {
        return old.keys().then(function (requests) {
          return Promise.all(requests.map(function (request) {
            return keepOne(request.url).catch(function () {
              return old.match(request).then(function (r) { return r && caches.open(PAGES).then(function (c) { return c.put(request, r); }); });
            });
          }));
        });
      });
    }));
  }
  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys()
        .then(function (names) { return (C.user ? carryOver(names) : Promise.resolve()).then(function () { return names; }); })
        .then(function (names) {
          return Promise.all(names.filter(function (n) {
            return n.indexOf("lsb-") === 0 && KEEP.indexOf(n) < 0;
          }).map(function (n) { return caches.delete(n); }));
        })
        .then(function () { return self.clients.claim(); })
    );
  });

  function keepOne(url) {
    var u = new URL(url, self.location.origin);
    if (u.origin !== self.location.origin || u.pathname.indexOf(C.scope) !== 0) return Promise.reject(new Error("not a judging page"));
    return fetch(u.href, { credentials: "same-origin", redirect: "manual", cache: "no-store" }).then(function (response) {
      if (!ownPage(response)) throw new Error("not kept: " + response.status);
      return caches.open(PAGES).then(function (cache) { return cache.put(u.href, response); });
    });
  }
  function keep(urls) {
    return Promise.all(urls.map(function (url) {
      return keepOne(url).then(function () { return true; }, function () { return false; });
    })).then(function (results) {
      return { kept: results.filter(Boolean).length, failed: results.filter(function (r) { return !r; }).length };
    });
  }
  self.lsbKeep = keep;

  function reply(event, message) {
    if (event.ports && event.ports[0]) event.ports[0].postMessage(message);
  }
  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "keep" && C.user) {
      event.waitUntil(keep(data.urls || []).then(function (result) {
        result.type = "kept";
        result.at = Date.now();
        reply(event, result);
      }));
    }
  });

  function tellPages(summary) {
    return self.clients.matchAll({ type: "window" }).then(function (windows) {
      windows.forEach(function (w) { w.postMessage({ type: "outbox", summary: summary }); });
    });
  }
  self.addEventListener("sync", function (event) {
    if (event.tag === "lsb-outbox" && C.user) {
      event.waitUntil(self.lsbOutbox.send(C.user, { refresh: keep, csrf: C.csrf, endpoint: C.outbox }).then(tellPages));
    }
  });
})();
