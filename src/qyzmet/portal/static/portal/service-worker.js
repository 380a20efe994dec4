// Registers the portal's service worker (offline page, installable app). Its address comes
// from the script tag's data-service-worker, so the page needs no inline script.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.serviceWorker;
  if (url && "serviceWorker" in navigator) { navigator.serviceWorker.register(url); }
})();
