// The site's service worker, written by the build (generator/offline.py) at the site's root
// with the precache list above this line: every page, asset, PDF and the Python runtime, each
// with the sha256 of its bytes. After one visit the whole site works with no network.
//
// Why precache, cache first: the site is static and versioned as a whole by this list, so a
// cached file is never stale while this worker is the active one. A new build changes this
// file; the browser installs the new worker beside the old one, and it waits until the person
// chooses to reload (the page offers it), so a page never mixes files of two builds.
//
// Nothing here sends anything: the only requests it makes are GETs of the files listed above,
// all relative to this file, so all on the site's own origin.

const SCOPE = new URL("./", self.location.href);
// Cache names carry the site's path: sites sharing an origin keep their caches apart, and the
// page's "delete everything" finds exactly this site's.
const PREFIX = `offline:${SCOPE.pathname}:`;
const PRECACHE = `${PREFIX}precache`;
// Where the page's engine leaves the runtime files it already downloaded, so installing this
// worker does not download them a second time (see quiz-worker.mjs).
const HANDOFF = `${PREFIX}handoff`;
const PARALLEL = 4;

// url (absolute) -> revision. A file's cache key is its url with the revision as a query
// (not a #fragment: the Cache API ignores fragments), so two builds' copies never collide.
const revisions = new Map(PRECACHE_FILES.map(([path, revision]) => [new URL(path, SCOPE).href, revision]));
const keyOf = (url, revision) => `${url}?offline-revision=${revision}`;

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A copy of a response that the cache can keep: the body read once, the headers that matter.
async function verified(response, url, revision) {
  if (!response || !response.ok) return null;
  const body = await response.arrayBuffer();
  if ((await sha256(body)) !== revision) return null;
  const headers = new Headers();
  for (const name of ["content-type", "last-modified"]) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("content-length", String(body.byteLength));
  return new Response(body, { status: 200, statusText: "OK", headers });
}

async function precacheOne(cache, handoff, url, revision) {
  const key = keyOf(url, revision);
  if (await cache.match(key)) return;
  // The engine's own download, when its bytes are the ones this build lists.
  let copy = handoff ? await verified(await handoff.match(url), url, revision) : null;
  if (!copy) {
    // "no-cache": revalidate with the server, so an HTTP cache holding a file of an older
    // build cannot slip in; the digest check would refuse it anyway.
    copy = await verified(await fetch(url, { cache: "no-cache", credentials: "same-origin" }), url, revision);
  }
  if (!copy) throw new Error(`${url} did not match this build (sha256 ${revision})`);
  await cache.put(key, copy);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PRECACHE);
    const handoff = (await caches.has(HANDOFF)) ? await caches.open(HANDOFF) : null;
    const queue = [...revisions];
    const next = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) await precacheOne(cache, handoff, ...item);
    };
    await Promise.all(Array.from({ length: PARALLEL }, next));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Drop what this build no longer lists, and the hand-off copies now kept in the precache.
    const wanted = new Set([...revisions].map(([url, revision]) => keyOf(url, revision)));
    const cache = await caches.open(PRECACHE);
    for (const request of await cache.keys()) {
      if (!wanted.has(request.url)) await cache.delete(request);
    }
    await caches.delete(HANDOFF);
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  // The page's "reload" button: the waiting worker takes over, then the page reloads.
  if (event.data && event.data.type === "activate-update") self.skipWaiting();
});

// The listed file for a request: exact, or the page a directory URL or index.html names.
function listed(request) {
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  const candidates = [url.href];
  if (url.pathname.endsWith("/index.html")) candidates.push(url.href.slice(0, -"index.html".length));
  else if (!url.pathname.endsWith("/")) candidates.push(`${url.href}/`);
  for (const candidate of candidates) {
    if (revisions.has(candidate)) return keyOf(candidate, revisions.get(candidate));
  }
  return null;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE.href)) return;
  const key = listed(request);
  if (key) {
    event.respondWith((async () => (await caches.match(key, { cacheName: PRECACHE })) || fetch(request))());
    return;
  }
  if (request.mode === "navigate") {
    // A page this build does not have, with no network: the site's own "not found" page.
    const notFound = revisions.has(new URL("404.html", SCOPE).href)
      ? keyOf(new URL("404.html", SCOPE).href, revisions.get(new URL("404.html", SCOPE).href))
      : null;
    event.respondWith(fetch(request).catch(async () => {
      const page = notFound && (await caches.match(notFound, { cacheName: PRECACHE }));
      return page ? new Response(await page.blob(), { status: 404, headers: page.headers }) : Response.error();
    }));
  }
});
