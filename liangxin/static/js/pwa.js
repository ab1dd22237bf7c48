/* Installs the service worker (offline pages, background sync of queued check-ins). Browsers
 * allow it only over HTTPS or on localhost; elsewhere the site works online as before.
 * LiangxinApp.worker: the registration, or null where there is none. */
(function () {
  "use strict";
  var url = document.documentElement.dataset.serviceWorker;
  var worker = new Promise(function (resolve) {
    if (!url || !("serviceWorker" in navigator) || !window.isSecureContext) {
      resolve(null);
      return;
    }
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(url, { scope: "/" }).then(resolve, function () {
        resolve(null);
      });
    });
  });
  window.LiangxinApp = { worker: worker };
})();
