// A bare Pyodide: the same self-hosted runtime the quiz uses, started with nothing
// of ours loaded. It answers the quiz worker's 'ready' message in the same way
// (the Python version), so the quiz-versus-bare ratio isolates our own cost:
// the quiz wheel, its import, and the page around it.
const pyodideBase = new URL("../pyodide/", import.meta.url);

self.addEventListener("message", async ({ data }) => {
  try {
    const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
    const pyodide = await loadPyodide({
      indexURL: pyodideBase.href,
      lockFileURL: new URL("pyodide-lock.json", pyodideBase).href,
    });
    const python = pyodide.runPython("import sys; sys.version.split()[0]");
    self.postMessage({ id: data.id, ok: true, result: { python } });
  } catch (error) {
    self.postMessage({ id: data.id, ok: false, error: String(error && error.message ? error.message : error) });
  }
});
