/* Installs the service worker (offline pages, background sync of queued check-ins). Browsers
 * allow it only over HTTPS or on localhost; elsewhere the site works online as before. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }
  var url = document.documentElement.dataset.serviceWorker;
  if (!url) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {});
  });
})();
