// Module Web Worker, shipped by the generator: runs Pyodide and the self-check engine's wheel
// off the main thread, so the page stays responsive while ~13 MB of runtime loads. Every path is relative to
// this file, so the site works from any sub-path. Answers arrive by postMessage
// and never leave this worker: no network call carries them.
const pyodideBase = new URL("../../pyodide/", import.meta.url);
const cardsUrl = new URL("../data/cards.json", import.meta.url);
// The topic's self-check, bundled by the build (generator/self_check.py): the engine holds no
// questions of its own.
const definitionUrl = new URL("../data/self-check.json", import.meta.url);

let engine = null;
let deckReady = null;
// The cache the site's service worker copies from when it installs (offline.mjs names it), or
// null when the site is not kept offline or is already served by its worker.
let handoff = null;

const fileName = (url) => decodeURIComponent(new URL(url, pyodideBase).pathname.split("/").pop());

// An error whose message is written for people and can be shown as it is.
class PlainError extends Error {}
class DownloadError extends PlainError {}

// Bytes the worker already downloaded (see download()), handed to Pyodide from memory when it
// asks for them, so nothing is downloaded twice even where the HTTP cache keeps nothing (an
// incognito window keeps no 10 MB file).
const downloaded = new Map();

// Pyodide only logs a failed download of its WebAssembly and then waits forever, so the
// worker watches its own fetches: the first runtime file that fails to arrive ends the boot
// at once with a plain message.
function watchRuntimeDownloads() {
  let reject;
  const failed = new Promise((_, rejectFailed) => { reject = rejectFailed; });
  const original = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const kept = downloaded.get(url);
    if (kept) {
      downloaded.delete(url);
      // The same headers, so WebAssembly streaming still sees application/wasm.
      return new Response(kept.body, { status: 200, headers: kept.headers });
    }
    const ours = url.startsWith(pyodideBase.href);
    let response;
    try {
      response = await original(input, init);
    } catch (error) {
      if (ours) reject(new DownloadError(`Part of the scoring engine (${fileName(url)}) could not be downloaded.`));
      throw error;
    }
    if (ours && !response.ok) {
      reject(new DownloadError(`Part of the scoring engine (${fileName(url)}) could not be downloaded (HTTP ${response.status}).`));
    }
    return response;
  };
  return failed;
}

async function manifest() {
  let response;
  try {
    response = await fetch(new URL("boot.json", pyodideBase));
  } catch {
    response = null;
  }
  if (!response || !response.ok) throw new DownloadError("Part of the scoring engine (boot.json) could not be downloaded.");
  return response.json();
}

// A copy for the service worker to take when it installs; it checks every byte against the
// build's list, so a copy that is wrong is only a wasted write, never a wrong file.
function keepForOffline(url, body, headers) {
  if (!handoff || typeof caches !== "object") return;
  const type = headers.get("content-type");
  caches.open(handoff)
    .then((cache) => cache.put(url, new Response(body, { headers: type ? { "content-type": type } : {} })))
    .catch(() => {});
}

const PROGRESS_EVERY_MS = 250;

// Pyodide's two module scripts load through import(), which no fetch can see or hand bytes to.
const MODULES = ["pyodide.mjs", "pyodide.asm.mjs"];

// Every other file the engine needs is fetched here first, in parallel and counted, so the
// page can show bytes received of the total and tell a stalled download from a slow one. The
// bytes are kept for Pyodide's own requests that follow.
async function download({ files }) {
  const names = Object.keys(files).filter((name) => !MODULES.includes(name));
  const total = names.reduce((sum, name) => sum + files[name], 0);
  let received = 0;
  // One progress message per chunk (thousands for the runtime) kept the page's main thread
  // busy redrawing the bar while it should be answering the person; a few a second are enough.
  let posted = 0;
  const report = () => {
    const now = performance.now();
    if (now - posted < PROGRESS_EVERY_MS) return;
    posted = now;
    self.postMessage({ type: "progress", received, total });
  };
  self.postMessage({ type: "progress", received, total });
  await Promise.all(names.map(async (name) => {
    const url = new URL(name, pyodideBase).href;
    try {
      const response = await fetch(url);
      const reader = response.body.getReader();
      const chunks = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        report();
      }
      if (response.ok) {
        const body = new Blob(chunks);
        downloaded.set(url, { body, headers: response.headers });
        keepForOffline(url, body, response.headers);
      }
    } catch {
      throw new DownloadError(`Part of the scoring engine (${name}) stopped downloading.`);
    }
  }));
  self.postMessage({ type: "progress", received, total, phase: "starting" });
}

async function load() {
  const boot = await manifest();
  // The module scripts start now, beside the counted downloads; import() keeps each module by
  // its URL, so when Pyodide imports the same URL it gets this one without a second download.
  const modules = MODULES.map((name) => import(new URL(name, pyodideBase).href));
  for (const module of modules) module.catch(() => {});
  const definition = fetch(definitionUrl).then((response) => {
    if (!response.ok) throw new DownloadError(`The self-check's questions (self-check.json) could not be downloaded (HTTP ${response.status}).`);
    return response.text();
  }, () => { throw new DownloadError("The self-check's questions (self-check.json) could not be downloaded."); });
  definition.catch(() => {});
  await download(boot);
  let loadPyodide;
  try {
    [{ loadPyodide }] = await Promise.all(modules);
  } catch {
    throw new DownloadError("Part of the scoring engine (pyodide.mjs) could not be downloaded.");
  }
  const pyodide = await loadPyodide({
    indexURL: pyodideBase.href,
    lockFileURL: new URL("pyodide-lock.json", pyodideBase).href,
    packages: boot.packages,
  });
  downloaded.clear();
  // The first package loaded at start is the engine; its `web` module is the page's API.
  const web = pyodide.pyimport(`${boot.packages[0]}.web`);
  web.use_definition(await definition);
  return { pyodide, web };
}

function boot() {
  const failed = watchRuntimeDownloads();
  failed.catch(() => {}); // a failure after a successful boot (e.g. the PDF tools) is reported by its own call
  return Promise.race([load(), failed]);
}

// A package and everything it depends on, from the runtime's lock file; null for a package
// the runtime does not ship.
async function packagesFor(root, what) {
  const response = await fetch(new URL("pyodide-lock.json", pyodideBase));
  if (!response.ok) throw new PlainError(`${what} could not be downloaded`);
  const { packages } = await response.json();
  if (!packages[root]) return null;
  const needed = [];
  const visit = (name) => {
    if (needed.includes(name) || !packages[name]) return;
    needed.push(name);
    for (const dependency of packages[name].depends || []) visit(dependency);
  };
  visit(root);
  return needed;
}

// Loads a package with its dependencies on first use. Every package is named, not just the
// root, so a retry fetches whichever one failed last time: Pyodide would otherwise take the
// root as loaded and skip its missing dependencies.
async function loadPackageTree(pyodide, root, what) {
  const names = await packagesFor(root, what);
  if (!names) throw new PlainError(`${what} are not part of this site (no package ${root})`);
  try {
    await pyodide.loadPackage(names);
  } catch (error) {
    console.error(error); // reported below, in plain words
  }
  const missing = names.filter((name) => !(name in pyodide.loadedPackages));
  if (missing.length) throw new PlainError(`${what} could not be downloaded (${missing.join(", ")})`);
}

async function loadDeckTools({ pyodide }) {
  // fpdf2 and its pure dependencies load only when someone asks for a PDF.
  await loadPackageTree(pyodide, "deckpdf", "the PDF tools");
  const response = await fetch(cardsUrl);
  if (!response.ok) throw new PlainError(`the card library could not be downloaded (HTTP ${response.status})`);
  return { site: pyodide.pyimport("deckpdf.site"), cards: await response.text() };
}

// Modules a page's own adapter calls through "call", loaded on first use: {module: promise}.
// A failed load is dropped, so the next call tries again.
const modules = new Map();
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

function pageModule(pyodide, name) {
  // Only public functions of a shipped package's modules: "package.module", no private names.
  const parts = String(name).split(".");
  if (parts.length < 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new Error(`not a module the page may call: ${name}`);
  }
  if (!modules.has(name)) {
    const loading = loadPackageTree(pyodide, parts[0], "the tools this page needs")
      .then(() => pyodide.pyimport(name));
    loading.catch(() => modules.delete(name));
    modules.set(name, loading);
  }
  return modules.get(name);
}

const handlers = {
  async ready(message) {
    handoff = message.handoff || null;
    const { pyodide } = await (engine ??= boot());
    return { python: pyodide.runPython("import sys; sys.version.split()[0]") };
  },
  async assess(message) {
    const { web } = await (engine ??= boot());
    return JSON.parse(web.assess_json(JSON.stringify(message.answers)));
  },
  async deck(message) {
    const loaded = await (engine ??= boot());
    // A failed load is not cached: the next click tries again.
    deckReady ??= loadDeckTools(loaded).catch((error) => { deckReady = null; throw error; });
    const { site, cards } = await deckReady;
    const started = performance.now();
    const proxy = site.deck_pdf_from_json(cards, JSON.stringify(message.request));
    const bytes = proxy.toJs();
    proxy.destroy();
    return { bytes, ms: performance.now() - started };
  },
  // A page's own Python, for pages beyond the self-check: {module: "package.module", function,
  // args: [strings]}. Strings go in; a str comes back as text, bytes as bytes (a PDF, say).
  // The package and its dependencies load on first use, as the deck's tools do.
  async call(message) {
    const { pyodide } = await (engine ??= boot());
    const module = await pageModule(pyodide, message.module);
    const name = String(message.function);
    if (!IDENTIFIER.test(name)) throw new Error(`not a function the page may call: ${name}`);
    const args = Array.isArray(message.args) ? message.args.map(String) : [];
    const started = performance.now();
    const value = module[name](...args);
    if (typeof value === "string") return { text: value, ms: performance.now() - started };
    const bytes = value.toJs();
    value.destroy();
    return { bytes, ms: performance.now() - started };
  },
};

const PLAIN_MESSAGES = {
  ready: "The private scoring engine could not start in this browser.",
  assess: "Something went wrong while working out your result.",
  deck: "something went wrong while making the PDF",
  call: "something went wrong in the private engine",
};

// A Python exception's last line ("ValueError: paper must be …") without its type: the
// reason, without the traceback.
function pythonReason(error) {
  const lines = String(error.message).trim().split("\n");
  return lines[lines.length - 1].replace(/^[A-Za-z_][\w.]*: /, "").trim();
}

function plainMessage(type, error) {
  if (error instanceof PlainError) return error.message;
  if (!(type in PLAIN_MESSAGES)) return String(error && error.message ? error.message : error);
  // The deck's own checks (and a page's own Python) raise ValueError with a sentence meant for people.
  if ((type === "deck" || type === "call") && error && error.name === "PythonError" && error.type === "ValueError") {
    return pythonReason(error) || PLAIN_MESSAGES[type];
  }
  return PLAIN_MESSAGES[type];
}

self.addEventListener("message", async (event) => {
  const { id, type } = event.data;
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    const result = await handler(event.data);
    const transfer = result && result.bytes ? [result.bytes.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (error) {
    // The page shows a plain message, never a traceback; the detail stays in the console.
    console.error(error);
    const kind = error instanceof DownloadError ? "download" : type === "ready" ? "start" : type === "deck" || type === "call" ? type : "result";
    self.postMessage({ id, ok: false, error: plainMessage(type, error), kind });
  }
});
