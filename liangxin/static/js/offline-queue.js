/* The offline queue of check-ins, in IndexedDB (npm `idb`), shared by the check-in page and
 * the service worker (background sync). Each entry keeps the time it was made and the photo
 * (already resized on the phone); its idempotency key makes a resend store it once.
 * A classic script: it runs in a window and in a worker (importScripts). */
(function (root) {
  "use strict";
  var DB_NAME = "liangxin";
  var STORE = "visits";
  var LOCK = "liangxin-visits-send";

  function open() {
    return root.idb.openDB(DB_NAME, 1, {
      upgrade: function (db) {
        db.createObjectStore(STORE, { keyPath: "idempotency_key" });
      }
    });
  }

  function add(entry) {
    return open().then(function (db) { return db.put(STORE, entry); });
  }

  function all(user) {
    return open().then(function (db) { return db.getAll(STORE); }).then(function (rows) {
      return user ? rows.filter(function (e) { return e.user === String(user); }) : rows;
    });
  }

  function remove(key) {
    return open().then(function (db) { return db.delete(STORE, key); });
  }

  function firstError(data) {
    if (!data || typeof data !== "object") { return "提交被拒绝"; }
    for (var field in data) {
      var value = data[field];
      if (Array.isArray(value) && value.length) { return String(value[0]); }
      if (typeof value === "string") { return value; }
    }
    return "提交被拒绝";
  }

  function body(entry) {
    var form = new FormData();
    ["idempotency_key", "recorded_at", "organization", "date", "summary",
     "latitude", "longitude", "accuracy"].forEach(function (name) {
      if (entry[name] !== null && entry[name] !== undefined && entry[name] !== "") {
        form.append(name, entry[name]);
      }
    });
    form.append("on_site", entry.on_site ? "true" : "false");
    (entry.activities || []).forEach(function (a) { form.append("activities", a); });
    if (entry.photo) { form.append("photo", entry.photo, "photo.jpg"); }
    return form;
  }

  /* {sent: true} | {error: text} (refused by a rule: dropped) | {kept: true, status} */
  function sendOne(entry, csrf) {
    return fetch(entry.api, {
      method: "POST", credentials: "same-origin", body: body(entry),
      headers: { "X-CSRFToken": csrf || entry.csrf || "", "Accept": "application/json" }
    }).then(function (resp) {
      if (resp.ok) { return remove(entry.idempotency_key).then(function () { return { sent: true }; }); }
      var json = (resp.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (resp.status === 400 && json) {  // a rule refused it: resending cannot help
        return resp.json().catch(function () { return null; }).then(function (data) {
          return remove(entry.idempotency_key).then(function () {
            return { error: entry.date + " 的暂存记录未能提交：" + firstError(data) };
          });
        });
      }
      return { kept: true, status: resp.status };  // signed out, server trouble: keep it
    });
  }

  var sending = null;
  /* Send every queued entry (of `user`, or all in the worker) once. Concurrent calls in one
   * page share one run; the page and the service worker's sync event take turns under a
   * Web Lock and each reads the queue afresh, so no entry is sent twice at once. */
  function flush(user, csrf) {
    if (sending) { return sending; }
    var locks = root.navigator && root.navigator.locks;
    sending = (locks ? locks.request(LOCK, function () { return send(user, csrf); })
                     : send(user, csrf))
      .then(function (report) { sending = null; return report; },
            function (err) { sending = null; throw err; });
    return sending;
  }

  function send(user, csrf) {
    var report = { sent: 0, kept: 0, errors: [], signedOut: false };
    return all(user).then(function (entries) {
      var offline = false;
      return entries.reduce(function (chain, entry) {
        return chain.then(function () {
          if (offline) { report.kept += 1; return; }
          return sendOne(entry, csrf).then(function (r) {
            if (r.sent) { report.sent += 1; } else if (r.error) { report.errors.push(r.error); } else {
              report.kept += 1;
              if (r.status === 401 || r.status === 403) { report.signedOut = true; }
            }
          }, function () { offline = true; report.kept += 1; });
        });
      }, Promise.resolve());
    }).then(function () { return report; });
  }

  root.LiangxinQueue = { add: add, all: all, remove: remove, flush: flush, SYNC_TAG: "liangxin-visits" };
})(typeof self !== "undefined" ? self : window);
