/* Liangxin's service worker (rendered by core.pwa.service_worker, so the asset URLs carry
 * their hashed names). Hand-written rather than Workbox: three small strategies suffice and
 * Workbox needs a bundler or its CDN loader, and county intranets have no internet.
 *  - static assets: cache first (their names change when their content does);
 *  - the pages a phone needs without signal (home, check-in, visits, my organizations):
 *    network first, the last copy when offline;
 *  - other pages offline: the offline page; a POST without network: 503 + X-Liangxin-Offline,
 *    so the check-in page queues the entry;
 *  - background sync sends the queued check-ins (offline-queue.js). */
"use strict";
var VERSION = "{{ version }}";
var STATIC_CACHE = "liangxin-static-" + VERSION;
var PAGE_CACHE = "liangxin-pages";
var ASSETS = {{ assets|safe }};
var PAGES = {{ pages|safe }};
var OFFLINE_URL = "{{ offline_url }}";

importScripts({{ idb_url|safe }}, {{ queue_url|safe }});

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(ASSETS.concat([OFFLINE_URL]));
    }).then(function () {
      // pages this person can open, fetched with their session; a page they cannot open
      // (a contact has no check-in) is simply not kept
      return caches.open(PAGE_CACHE).then(function (cache) {
        return Promise.all(PAGES.map(function (url) {
          return fetch(url, { credentials: "same-origin", redirect: "manual" }).then(function (resp) {
            if (resp.ok && resp.type === "basic") { return cache.put(url, resp); }
          }).catch(function () {});
        }));
      });
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

function offlineAnswer() {
  return new Response(JSON.stringify({ detail: "网络不可用" }), {
    status: 503, headers: { "Content-Type": "application/json", "X-Liangxin-Offline": "1" }
  });
}

function isKeptPage(url) {
  return PAGES.indexOf(url.pathname) !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (url.pathname === "{{ logout_url }}") {  // the next person must not see this one's pages
      caches.delete(PAGE_CACHE);
    }
    event.respondWith(fetch(request).catch(offlineAnswer));
    return;
  }
  if (url.pathname.indexOf("{{ static_prefix }}") === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (isKeptPage(url)) {
    event.respondWith(
      fetch(request).then(function (resp) {
        if (resp.ok && !resp.redirected) {
          var copy = resp.clone();
          caches.open(PAGE_CACHE).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return resp;
      }).catch(function () {
        return caches.match(url.pathname, { cacheName: PAGE_CACHE }).then(function (hit) {
          return hit || caches.match(OFFLINE_URL);
        });
      })
    );
    return;
  }
  event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE_URL); }));
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
