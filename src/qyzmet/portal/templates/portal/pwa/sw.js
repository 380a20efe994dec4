// qyzmet service worker: pages always come from the network (forms and drafts live on the
// server); when the network is gone, a cached notice says so instead of a browser error.
// The notice is fetched without cookies: it holds nobody's session, and its answer cannot
// overwrite the cookies of a sign-in happening at the same time.
const CACHE = "qyzmet-offline-v2";
const OFFLINE = "/offline/";
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(
    [OFFLINE, "{{ css }}"].map((url) => new Request(url, { credentials: "omit" })))));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((key) => key !== CACHE).map((key) => caches.delete(key)))));
  self.clients.claim();
});
self.addEventListener("fetch", (event) => {
  if (event.request.mode === "navigate") {
    event.respondWith(fetch(event.request).catch(() => caches.match(OFFLINE)));
  }
});
