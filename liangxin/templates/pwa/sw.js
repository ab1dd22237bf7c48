/* Liangxin's service worker (rendered by core.pwa.service_worker, so the asset URLs carry
 * their hashed names). Hand-written rather than Workbox: three small strategies suffice and
 * Workbox needs a bundler or its CDN loader, and county intranets have no internet.
 *  - static assets: cache first (their names change when their content does);
 *  - the pages a phone needs without signal (home, check-in, visits, my organizations):
 *    network first, keeping a copy of each one the person opens; the last copy offline.
 *    Nothing is fetched in the background: only pages actually opened are kept;
 *  - other pages offline: the offline page, built here (no request); a POST without
 *    network: 503 + X-Liangxin-Offline, so the check-in page queues the entry;
 *  - background sync sends the queued check-ins (offline-queue.js). */
"use strict";
var VERSION = "{{ version }}";
var STATIC_CACHE = "liangxin-static-" + VERSION;
var PAGE_CACHE = "liangxin-pages";
var ASSETS = {{ assets|safe }};
var PAGES = {{ pages|safe }};
var OFFLINE_HTML = {{ offline_html|safe }};
var OFFLINE_CSP = {{ offline_csp|safe }};
var STATIC_PREFIX = {{ static_prefix|safe }};
var SIGN_OUT = [{{ logout_url|safe }}, {{ login_url|safe }}];

importScripts({{ idb_url|safe }}, {{ queue_url|safe }});

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(ASSETS);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("liangxin-static-") === 0 && key !== STATIC_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlinePage() {
  return new Response(OFFLINE_HTML, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": OFFLINE_CSP,
      "X-Liangxin-Offline": "1"
    }
  });
}

function offlineAnswer() {
  return new Response(JSON.stringify({ detail: "网络不可用" }), {
    status: 503, headers: { "Content-Type": "application/json", "X-Liangxin-Offline": "1" }
  });
}

function isKeptPage(url) {
  return url.search === "" && PAGES.indexOf(url.pathname) !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (SIGN_OUT.indexOf(url.pathname) !== -1) {  // the next person must not see these pages
      event.waitUntil(caches.delete(PAGE_CACHE));
    }
    var navigate = request.mode === "navigate";
    event.respondWith(fetch(request).catch(navigate ? offlinePage : offlineAnswer));
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(caches.match(request, { cacheName: STATIC_CACHE }).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (isKeptPage(url)) {
    event.respondWith(
      fetch(request).then(function (resp) {
        if (resp.ok && resp.type === "basic" && !resp.redirected) {
          var copy = resp.clone();
          event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
            return cache.put(url.pathname, copy);
          }));
        }
        return resp;
      }).catch(function () {
        return caches.match(url.pathname, { cacheName: PAGE_CACHE }).then(function (hit) {
          return hit || offlinePage();
        });
      })
    );
    return;
  }
  event.respondWith(fetch(request).catch(offlinePage));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== self.LiangxinQueue.SYNC_TAG) { return; }
  event.waitUntil(self.LiangxinQueue.flush(null).then(function (report) {
    return self.clients.matchAll().then(function (clients) {
      clients.forEach(function (c) {
        c.postMessage({ type: "queue-flushed", sent: report.sent, kept: report.kept });
      });
      if (report.kept) { throw new Error("some check-ins are still queued"); }  // retry later
    });
  }));
});
