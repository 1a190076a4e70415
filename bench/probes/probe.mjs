// Benchmark probe page, copied into the temporary site only (never into docs/).
//
// probe.html?start=bare starts the bare worker at once, like the quiz page starts
// its own, so the two page-level times are measured the same way: from navigation
// (performance.now() is relative to it) until the worker says it is ready.
// window.probeWorker(kind) starts a fresh worker on demand and times it from the
// page: worker construction until the first reply, so both include the worker
// script's fetch and module evaluation.
const TIMEOUT_MS = 120000;

const workerUrls = {
  // The real quiz worker, unchanged: its 'ready' does loadPyodide({packages: ["quiz"]}) + import.
  quiz: new URL("../assets/kit/quiz-worker.mjs", import.meta.url),
  bare: new URL("bare-worker.mjs", import.meta.url),
};

function startWorker(kind) {
  const started = performance.now();
  const worker = new Worker(workerUrls[kind], { type: "module" });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} worker not ready after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    worker.addEventListener("message", ({ data }) => {
      // The quiz worker reports its download's progress on the way; only the reply counts.
      if (data.id !== 1) return;
      clearTimeout(timer);
      if (!data.ok) { reject(new Error(data.error)); return; }
      const at = performance.now();
      resolve({ at, ms: at - started, result: data.result });
    });
    worker.addEventListener("error", (event) => {
      clearTimeout(timer);
      reject(new Error(`${kind} worker failed: ${event.message || "error event"}`));
    });
    // Both workers answer the quiz protocol's {id, type: "ready"} message.
    worker.postMessage({ id: 1, type: "ready" });
  });
}

window.probeWorker = startWorker;
if (new URLSearchParams(location.search).get("start") === "bare") {
  window.bareReady = startWorker("bare");
}
