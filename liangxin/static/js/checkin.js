/* The check-in page: submits with fetch to notice a dead network; without signal the entry,
 * its time and its resized photo wait in the offline queue (offline-queue.js) and are sent
 * once when the network returns — by background sync where the browser has it, else when
 * this page is next open. */
(function () {
  "use strict";
  var Queue = window.LiangxinQueue;
  var box = document.getElementById("offline-queue");
  var notice = document.getElementById("offline-status");
  if (!box || !Queue) { return; }
  var userId = box.dataset.user;

  function show(text, kind) {
    notice.textContent = text;
    notice.className = "alert alert-" + kind;
  }
  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : box.dataset.csrf;
  }
  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function adoptOldQueue() {
    // check-ins queued by the earlier page (localStorage, without photos) join the new queue
    var OLD = "liangxin.offlineVisits", old;
    try { old = JSON.parse(localStorage.getItem(OLD) || "[]"); } catch (e) { old = []; }
    if (!old.length) { return Promise.resolve(); }
    return Promise.all(old.map(function (entry) {
      entry.api = box.dataset.api;
      return Queue.add(entry);
    })).then(function () { localStorage.removeItem(OLD); });
  }

  var retries = 0;
  function flush() {
    adoptOldQueue().then(function () { return Queue.all(userId); }).then(function (mine) {
      if (!mine.length) { return; }
      show("手机上有 " + mine.length + " 条暂存的到岗记录，正在提交…", "info");
      return Queue.flush(userId, csrf()).then(function (r) {
        var parts = [];
        if (r.sent) { parts.push("已自动提交 " + r.sent + " 条暂存的到岗记录，等待联络员确认。"); }
        if (r.kept && r.signedOut) {
          parts.push(r.kept + " 条记录仍暂存在手机上：登录已过期，请重新登录后打开本页面，将自动提交。");
        } else if (r.kept) { parts.push(r.kept + " 条记录仍暂存在手机上，联网后自动提交。"); }
        parts = parts.concat(r.errors);
        if (parts.length) {
          show(parts.join(" "), r.errors.length ? "danger" : (r.kept ? "warning" : "success"));
        }
        // the signal often comes back in steps: try again shortly while the phone says online
        if (r.kept && !r.signedOut && navigator.onLine && retries < 5) {
          retries += 1;
          setTimeout(flush, 2000 * retries);
        } else if (!r.kept) { retries = 0; }
      });
    }).catch(function () {
      show("此浏览器无法使用离线暂存（可能处于无痕模式）。", "warning");
    });
  }
  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-flushed" && event.data.sent) {
        show("已自动提交 " + event.data.sent + " 条暂存的到岗记录，等待联络员确认。", "success");
      }
    });
  }
  flush();

  var form = document.getElementById("checkin-form");
  if (!form) { return; }
  var select = form.querySelector("[name=organization]");
  if (select) {
    select.addEventListener("change", function (event) {
      if (event.isTrusted) { select.dataset.chosen = "1"; }  // the person chose: keep it
    });
  }
  function keyField() { return form.querySelector("[name=idempotency_key]"); }
  if (!keyField().value) { keyField().value = newKey(); }  // a double submit is stored once
  (function () {
    // a page kept offline since an earlier day still defaults to today, not to that day
    var date = form.querySelector("[name=date]");
    var now = new Date();
    var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
      String(now.getDate()).padStart(2, "0");
    if (date && date.value === box.dataset.today && today > date.value) { date.value = today; }
  })();

  function value(name) {
    var field = form.querySelector("[name=" + name + "]");
    return field && field.value !== "" ? field.value : null;
  }

  function keep(checkedAt) {
    var input = form.querySelector("[name=photo]");
    var file = input && input.files && input.files.length ? input.files[0] : null;
    return window.LiangxinPhoto.resize(file).then(function (photo) {
      return Queue.add({
        user: userId, api: box.dataset.api, csrf: csrf(),
        idempotency_key: keyField().value, recorded_at: checkedAt, on_site: true,
        organization: value("organization"), date: value("date"), summary: value("summary") || "",
        activities: Array.prototype.map.call(
          form.querySelectorAll("[name=activities]:checked"), function (c) { return c.value; }),
        latitude: value("latitude"), longitude: value("longitude"), accuracy: value("accuracy"),
        photo: photo
      });
    }).then(function () {
      if (navigator.serviceWorker && window.SyncManager) {
        navigator.serviceWorker.ready.then(function (reg) {
          return reg.sync.register(Queue.SYNC_TAG);
        }).catch(function () {});  // no background sync: sent on the next open
      }
      show("已暂存在手机上（" + new Date(checkedAt).toLocaleTimeString("zh-CN") +
        (file ? "，含照片" : "") + "），联网后自动提交。", "warning");
      var place = ["latitude", "longitude", "accuracy"].map(value);
      var organization = value("organization");
      form.reset();
      ["latitude", "longitude", "accuracy"].forEach(function (name, i) {  // still here
        form.querySelector("[name=" + name + "]").value = place[i] || "";
      });
      if (select && organization) { select.value = organization; }
      keyField().value = newKey();  // the next check-in is a different entry
      window.scrollTo(0, 0);
    }, function () {
      show("无法暂存：此浏览器不允许离线存储。请联网后重新提交。", "danger");
    });
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) { return; }  // an old browser posts as usual
    event.preventDefault();
    var checkedAt = new Date().toISOString();
    var button = document.getElementById("checkin-submit");
    button.disabled = true;
    fetch(form.action || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (resp) {
      var type = resp.headers.get("Content-Type") || "";
      if (resp.ok && type.indexOf("application/json") === 0) {
        return resp.json().then(function (data) { window.location.assign(data.url); });
      }
      if (resp.status === 503 && resp.headers.get("X-Liangxin-Offline")) {
        button.disabled = false;  // the service worker answered: no network
        return keep(checkedAt);
      }
      if (!resp.ok) {
        button.disabled = false;
        show("提交失败（服务器返回 " + resp.status + "），请稍后重试。", "danger");
        return;
      }
      return resp.text().then(function (html) {  // the form again, with its errors
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("checkin-form");
        if (fresh) { form.innerHTML = fresh.innerHTML; }
        button = document.getElementById("checkin-submit");
        button.disabled = false;
        var error = form.querySelector(".alert-danger, .invalid-feedback");
        if (error) { error.scrollIntoView({ block: "center" }); }
      });
    }, function () {  // fetch rejects only when the request never reached the server
      button.disabled = false;
      keep(checkedAt);
    });
  });

  window.LiangxinGeo.locate(form, function (text, kind) {
    var status = document.getElementById("location-status");  // re-rendered with the form
    status.textContent = text;
    status.className = "alert small alert-" + kind;
  });
})();
