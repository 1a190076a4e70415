// Module Web Worker: runs Pyodide and our quiz wheel off the main thread, so the
// page stays responsive while ~13 MB of runtime loads. Every path is relative to
// this file, so the site works from any sub-path. Answers arrive by postMessage
// and never leave this worker: no network call carries them.
const pyodideBase = new URL("../../pyodide/", import.meta.url);
const cardsUrl = new URL("../data/cards.json", import.meta.url);

let engine = null;
let deckReady = null;

async function boot() {
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
  const pyodide = await loadPyodide({
    indexURL: pyodideBase.href,
    lockFileURL: new URL("pyodide-lock.json", pyodideBase).href,
    packages: ["quiz"],
  });
  return { pyodide, web: pyodide.pyimport("quiz.web") };
}

async function loadDeckTools({ pyodide }) {
  // fpdf2 and its pure dependencies load only when someone asks for a PDF.
  await pyodide.loadPackage("deckpdf");
  const cards = await (await fetch(cardsUrl)).text();
  return { site: pyodide.pyimport("deckpdf.site"), cards };
}

const handlers = {
  async ready() {
    const { pyodide } = await (engine ??= boot());
    return { python: pyodide.runPython("import sys; sys.version.split()[0]") };
  },
  async run(message) {
    // Used by the tests to prove Python runs from the self-hosted runtime.
    const { pyodide } = await (engine ??= boot());
    return { value: String(pyodide.runPython(message.code)) };
  },
  async assess(message) {
    const { web } = await (engine ??= boot());
    return JSON.parse(web.assess_json(JSON.stringify(message.answers)));
  },
  async deck(message) {
    const loaded = await (engine ??= boot());
    const { site, cards } = await (deckReady ??= loadDeckTools(loaded));
    const started = performance.now();
    const proxy = site.deck_pdf_from_json(cards, JSON.stringify(message.request));
    const bytes = proxy.toJs();
    proxy.destroy();
    return { bytes, ms: performance.now() - started };
  },
};

self.addEventListener("message", async (event) => {
  const { id, type } = event.data;
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    const result = await handler(event.data);
    const transfer = result && result.bytes ? [result.bytes.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (error) {
    // A Python error arrives here as text: the page shows a plain message, never a traceback.
    self.postMessage({ id, ok: false, error: String(error && error.message ? error.message : error) });
  }
});
