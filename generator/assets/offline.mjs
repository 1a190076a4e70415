// The page's side of working offline (shipped by the generator): it registers the service
// worker the build wrote (sw.js, at the site's root), offers a reload when a new build is
// waiting, and lets About list and delete what the worker keeps. The build puts the update
// notice ([data-offline-update]) at the end of every page only when the site works offline,
// so a site without it registers nothing.

const siteRoot = new URL("../../", import.meta.url);
const workerUrl = new URL("sw.js", siteRoot);
// The same names the worker uses (templates/service-worker.js): per site, so sites sharing an
// origin never list or delete each other's.
const PREFIX = `offline:${siteRoot.pathname}:`;
export const HANDOFF_CACHE = `${PREFIX}handoff`;

const supported = () => "serviceWorker" in navigator && typeof caches === "object";
export const offlineEnabled = () => supported() && !!document.querySelector("[data-offline-update]");

// The reader's "keep no offline copy on this device". Kept like the site's other settings,
// under its own prefix ("/guide/.offline-copy"), so About lists it and its delete button
// removes it; without it the copy would come back on every visit.
const REFUSED_KEY = `${siteRoot.pathname}.offline-copy`;

// Also held for the rest of the visit, for a browser that will not store it.
let refusedThisVisit = false;

export function offlineRefused() {
  if (refusedThisVisit) return true;
  try { return localStorage.getItem(REFUSED_KEY) === "refused"; } catch { return false; }
}

let accepted = false;

function offerUpdate(waiting) {
  const notice = document.querySelector("[data-offline-update]");
  // No notice on the very first install: there is nothing older to replace.
  if (!notice || !navigator.serviceWorker.controller) return;
  const reload = notice.querySelector("[data-offline-reload]");
  const later = notice.querySelector("[data-offline-later]");
  reload.onclick = () => {
    accepted = true;
    reload.disabled = true;
    waiting.postMessage({ type: "activate-update" });
  };
  // The new version stays waiting; the browser uses it once every tab of the site is closed.
  later.onclick = () => { notice.hidden = true; };
  notice.hidden = false;
}

function watch(registration) {
  // A browser that refuses service workers (a policy, or an automated one) may resolve to nothing.
  if (!registration) return;
  if (registration.waiting) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    if (!installing) return;
    installing.addEventListener("statechange", () => {
      if (installing.state === "installed") offerUpdate(installing);
    });
  });
  // Instant navigation loads no new documents, so the browser's own check on each page load
  // does not run: look again whenever the person comes back to the tab.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") registration.update().catch(() => {});
  });
}

let started = false;

// Register once per visit, when `after` settles: after the first page is read (and, on the
// self-check, after its engine has downloaded), so the worker's downloads never compete with
// what the person is waiting for, and the engine's bytes are handed over rather than fetched twice.
// A reader who refused the copy gets none: each page deletes whatever a worker that was still
// installing when they refused went on to store.
export function startOffline(after) {
  if (!offlineEnabled()) return;
  if (offlineRefused()) {
    deleteOffline().catch(() => {});
    return;
  }
  if (started) return;
  started = true;
  keepDownloadsOffline();
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Only the reload the person asked for; the first install taking control reloads nothing.
    if (accepted) window.location.reload();
  });
  const loaded = document.readyState === "complete"
    ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
  Promise.allSettled([loaded, after]).then(() => {
    if ("requestIdleCallback" in window) window.requestIdleCallback(register, { timeout: 5000 });
    else setTimeout(register, 1000);
  });
}

function register() {
  if (offlineRefused()) return;  // refused on About while this visit waited to register
  navigator.serviceWorker.register(workerUrl, { scope: siteRoot.href }).then(watch, (error) => {
    console.warn("This site could not be kept for offline use:", error);
  });
  // Once a worker is active the engine's hand-off copies serve no one (the worker drops them
  // when it activates, but an engine that started before then may have written more since):
  // never keep the runtime twice.
  navigator.serviceWorker.ready.then(() => caches.delete(HANDOFF_CACHE)).catch(() => {});
}

// A browser where service workers are switched off may never answer; the list must not wait on it.
function settleWithin(promise, ms = 3000) {
  return Promise.race([promise, new Promise((resolve) => { setTimeout(() => resolve(undefined), ms); })]);
}

async function cacheSize(cache) {
  let bytes = 0;
  const requests = await cache.keys();
  for (const request of requests) {
    const response = await cache.match(request);
    const length = Number(response && response.headers.get("content-length"));
    bytes += Number.isFinite(length) && length > 0 ? length : response ? (await response.blob()).size : 0;
  }
  return { files: requests.length, bytes };
}

// What the worker keeps for this site: each cache with its files and bytes, and whether a
// worker is registered.
export async function offlineStorage() {
  if (!supported()) return { caches: [], registered: false };
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX));
  const found = [];
  for (const name of names) {
    // Opening a cache that was deleted meanwhile would make it again, empty, and leave it behind.
    if (await caches.has(name)) found.push({ name, ...(await cacheSize(await caches.open(name))) });
  }
  const registration = await settleWithin(navigator.serviceWorker.getRegistration(siteRoot.href));
  const registered = !!registration && registration.scope === siteRoot.href;
  return { caches: found, registered };
}

// Sent on window when caches left by a worker that outlived a deletion have been swept.
export const SWEPT_EVENT = "offline-copy-swept";

// Unregister this site's worker and delete its caches; nothing of the offline copy is left.
export async function deleteOffline() {
  if (!supported()) return;
  const registration = await settleWithin(navigator.serviceWorker.getRegistration(siteRoot.href));
  if (registration && registration.scope === siteRoot.href) {
    const installing = registration.installing;
    await registration.unregister();
    // A worker still installing stores files until the browser stops it: wait for that (it
    // becomes "redundant"), so that what it stored is deleted below rather than left behind.
    if (installing && installing.state !== "redundant") {
      const stopped = new Promise((resolve) => {
        installing.addEventListener("statechange", () => { if (installing.state === "redundant") resolve(true); });
      });
      // On a busy phone it can take longer than we keep the reader waiting: then what it
      // stores meanwhile is swept when it stops, and About is told to list storage again.
      if (!(await settleWithin(stopped))) stopped.then(sweepOrphans).catch(() => { /* About lists what is left */ });
    }
  }
  await deleteCaches();
}

async function deleteCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX)) await caches.delete(name);
  }
}

// Only while no worker is registered: a copy the reader asked for again since is not an orphan.
async function sweepOrphans() {
  if (await navigator.serviceWorker.getRegistration(siteRoot.href)) return;
  await deleteCaches();
  window.dispatchEvent(new CustomEvent(SWEPT_EVENT));
}

// The reader's choice from About: refusing deletes the copy and stops it coming back; keeping
// it again starts the copy now, as a first visit would. Resolves to whether the refusal could
// be remembered: a browser that refuses the site storage deletes the copy all the same.
export async function refuseOffline() {
  let remembered = true;
  try {
    localStorage.setItem(REFUSED_KEY, "refused");
    remembered = localStorage.getItem(REFUSED_KEY) === "refused";
  } catch {
    remembered = false;
  }
  refusedThisVisit = true;
  await deleteOffline().catch(() => { /* About lists whatever is left */ });
  return remembered;
}

export function keepOffline() {
  refusedThisVisit = false;
  try { localStorage.removeItem(REFUSED_KEY); } catch { /* nothing stored, nothing to remove */ }
  if (started) register();
  else startOffline(Promise.resolve());
}

// Chromium starts a download link (<a download>) as a fresh network request that the service
// worker never sees, so with no network the worksheet would fail to save. While the offline
// copy serves the page, a download of one of the site's own files is made from that copy.
function keepDownloadsOffline() {
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[download][href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!navigator.serviceWorker.controller) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(siteRoot.pathname)) return;
    event.preventDefault();
    fetch(url).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.blob();
    }).then((blob) => {
      const copy = document.createElement("a");
      copy.href = URL.createObjectURL(blob);
      copy.download = link.getAttribute("download") || decodeURIComponent(url.pathname.split("/").pop());
      document.body.append(copy);
      copy.click();
      copy.remove();
      setTimeout(() => URL.revokeObjectURL(copy.href), 60000);
    }).catch(() => {
      // Not in the offline copy after all: let the browser try the network as usual.
      window.location.assign(url.href);
    });
  }, true);
}
