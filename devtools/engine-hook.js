// Test and benchmark probe, injected into a page by Playwright (add_init_script); never
// shipped. It gives `window.quizEngine.call(type, payload, timeoutMs)`, which talks to the
// page's own quiz worker with the same messages the page sends. Replies are matched by id,
// from a range the page never uses, so the page ignores them and the probe ignores the page's.
(() => {
  const Native = window.Worker;
  const workers = [];
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      if (String(url).includes("quiz-worker")) workers.push(this);
    }
  };
  let nextId = 1e9;
  const current = () => new Promise((resolve, reject) => {
    const started = performance.now();
    const look = () => {
      if (workers.length) resolve(workers[workers.length - 1]);
      else if (performance.now() - started > 30000) reject(new Error("the page started no quiz worker"));
      else setTimeout(look, 20);
    };
    look();
  });
  async function call(type, payload = {}, timeoutMs = 120000) {
    const worker = await current();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { worker.removeEventListener("message", listen); reject(new Error(`no reply to ${type}`)); }, timeoutMs);
      function listen({ data }) {
        if (data.id !== id) return;
        clearTimeout(timer);
        worker.removeEventListener("message", listen);
        data.ok ? resolve(data.result) : reject(new Error(data.error));
      }
      worker.addEventListener("message", listen);
      worker.postMessage({ id, type, ...payload });
    });
  }
  window.quizEngine = { call };
})();
