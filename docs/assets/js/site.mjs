// Thin DOM adapter for the quiz and the card library. All scoring, triage and
// deck choice happen in Python (quiz-worker.mjs); this file only moves answers
// from the form to the worker and shows the panel the page already contains.
// It hooks into mkdocs-material's instant navigation through `document$`.
//
// Settings the page can give (data attributes on the [data-quiz-status] element):
//   data-ready-timeout="45"  seconds to wait for the scoring engine before the page says it
//                            cannot run here (a failed download is reported at once).

const STORAGE_KEY = "rejection-guide:quiz-answers";
const READY_TIMEOUT_S = 45;
const CALL_TIMEOUT_MS = 45000;
const LOADING_TEXT = "Loading the private scoring engine in the background. You can start answering now.";
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR"]);

let worker = null;
let workerFailed = null;
let nextId = 1;
const pending = new Map();

function startWorker() {
  if (worker || workerFailed) return;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    workerFailed = "This browser cannot run WebAssembly in a worker.";
    return;
  }
  worker = new Worker(new URL("quiz-worker.mjs", import.meta.url), { type: "module" });
  worker.addEventListener("message", ({ data }) => {
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    data.ok ? entry.resolve(data.result) : entry.reject(new Error(data.error));
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    fail("The private scoring engine could not start.");
  });
}

function fail(reason) {
  workerFailed = reason;
  for (const entry of pending.values()) entry.reject(new Error(reason));
  pending.clear();
  if (worker) worker.terminate();
  worker = null;
}

function call(type, payload = {}, timeoutMs = CALL_TIMEOUT_MS) {
  startWorker();
  if (workerFailed) return Promise.reject(new Error(workerFailed));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (pending.delete(id)) reject(new Error("The private scoring engine took too long to load."));
    }, timeoutMs);
    pending.set(id, {
      resolve: (value) => { clearTimeout(timer); resolve(value); },
      reject: (error) => { clearTimeout(timer); reject(error); },
    });
    worker.postMessage({ id, type, ...payload });
  });
}

// Waits for the engine, within a bounded time. If it cannot load, or takes too long, the
// worker is stopped for good, so every later call fails at once with the same plain reason.
function ready(timeoutMs) {
  return call("ready", {}, timeoutMs).catch((error) => {
    if (!workerFailed) fail(error.message);
    throw error;
  });
}

// Exposed for the tests and the benchmark: the same calls the page makes.
window.quizEngine = { call };

function collectAnswers(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll("[data-item]")) {
    const id = fieldset.dataset.item;
    const checked = [...fieldset.querySelectorAll("input:checked")];
    const typed = checked.map((input) => (input.dataset.valueType === "int" ? Number(input.value) : input.value));
    if (fieldset.dataset.kind === "multi") answers[id] = typed;
    else if (typed.length) answers[id] = typed[0];
  }
  return answers;
}

function fillAnswers(form, answers) {
  for (const [id, value] of Object.entries(answers)) {
    const values = new Set((Array.isArray(value) ? value : [value]).map(String));
    for (const input of form.querySelectorAll(`[data-item="${CSS.escape(id)}"] input`)) {
      input.checked = values.has(input.value);
    }
  }
}

function clearErrors(form) {
  for (const node of form.querySelectorAll(".quiz-item__error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function showProblems(root, form, problems) {
  const summary = root.querySelector("[data-quiz-errors]");
  const list = document.createElement("ul");
  for (const problem of problems) {
    const item = document.createElement("li");
    const fieldset = problem.item && form.querySelector(`[data-item="${CSS.escape(problem.item)}"]`);
    if (fieldset) {
      const link = document.createElement("a");
      link.href = `#item-${problem.item}`;
      link.textContent = problem.message;
      link.addEventListener("click", (event) => {
        // Move focus to the question's first choice, not just the view (a fieldset can't take focus).
        const input = fieldset.querySelector("input:checked") || fieldset.querySelector("input");
        if (!input) return;
        event.preventDefault();
        fieldset.scrollIntoView({ block: "start" });
        input.focus({ preventScroll: true });
      });
      item.append(link);
      fieldset.setAttribute("aria-invalid", "true");
      const slot = fieldset.querySelector(".quiz-item__error");
      slot.textContent = problem.message;
      slot.hidden = false;
    } else {
      item.textContent = problem.message;
    }
    list.append(item);
  }
  const heading = document.createElement("p");
  heading.textContent = problems.length === 1 ? "One answer needs your attention:" : `${problems.length} answers need your attention:`;
  summary.replaceChildren(heading, list);
  summary.hidden = false;
  summary.focus();
}

function defaultPaper() {
  const locale = (navigator.languages && navigator.languages[0]) || navigator.language || "en-GB";
  let region = "";
  try { region = new Intl.Locale(locale).maximize().region || ""; } catch { region = ""; }
  return LETTER_REGIONS.has(region) ? "letter" : "a4";
}

function showResult(root, result) {
  const panel = root.querySelector("[data-quiz-result]");
  for (const section of panel.querySelectorAll("[data-outcome]")) {
    section.hidden = section.dataset.outcome !== result.outcome;
  }
  // Reasons come from Python and are inserted as text, never as HTML.
  const reasons = panel.querySelector("[data-quiz-reasons]");
  reasons.replaceChildren(...result.reasons.map((reason) => {
    const item = document.createElement("li");
    item.textContent = reason;
    return item;
  }));
  const deck = panel.querySelector("[data-quiz-deck]");
  const isDeck = result.outcome === "deck" || result.outcome === "deck_with_support";
  deck.hidden = !isDeck;
  if (isDeck) {
    deck.querySelector("[data-deck-level]").textContent = `${result.start_level} (${result.start_level_name})`;
    deck.querySelector("[data-deck-areas]").textContent = result.area_names.join(", ");
    deck.dataset.level = String(result.start_level);
    deck.dataset.areas = JSON.stringify(result.areas);
    const paper = deck.querySelector("[data-deck-paper]");
    if (!paper.dataset.touched) paper.value = defaultPaper();
  }
  panel.dataset.outcome = result.outcome;
  panel.hidden = false;
  panel.querySelector("h2").focus();
}

async function downloadDeck(deck) {
  const button = deck.querySelector("[data-deck-download]");
  const status = deck.querySelector("[data-deck-status]");
  const paper = deck.querySelector("[data-deck-paper]").value;
  const level = Number(deck.dataset.level);
  button.disabled = true;
  status.textContent = "Making your deck… the first one takes a few seconds.";
  try {
    const { bytes } = await call("deck", { request: { start_level: level, areas: JSON.parse(deck.dataset.areas), paper } }, 120000);
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `starter-deck-${level}-${paper}.pdf`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = "Your deck is ready: check your downloads.";
  } catch (error) {
    status.textContent = `Sorry, the deck could not be made here (${error.message}). You can print the complete deck from the challenge deck page instead.`;
  } finally {
    button.disabled = false;
  }
}

// Storage can be switched off (or throw) when someone blocks site data; the quiz must still work.
const savedAnswers = {
  get() {
    try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
  },
  set(answers) {
    try { localStorage.setItem(STORAGE_KEY, JSON.stringify(answers)); return true; } catch { return false; }
  },
  remove() {
    try { localStorage.removeItem(STORAGE_KEY); } catch { /* nothing was stored */ }
  },
  available() {
    try { return typeof localStorage === "object" && localStorage !== null; } catch { return false; }
  },
};

function refreshSaved(root) {
  const saved = savedAnswers.get();
  const box = root.querySelector("[data-quiz-saved]");
  box.hidden = !saved;
  const view = box.querySelector("[data-saved-view]");
  if (!saved) view.textContent = "";
}

function initQuiz(root) {
  const form = root.querySelector("[data-quiz-form]");
  if (!form || form.dataset.bound) return;
  form.dataset.bound = "true";
  // The quiz's styles (visible focus among them) hang off this class.
  root.classList.add("quiz");
  const status = root.querySelector("[data-quiz-status]");
  const failure = root.querySelector("[data-quiz-failure]");
  const remember = root.querySelector("[data-quiz-remember]");
  const result = root.querySelector("[data-quiz-result]");
  const timeoutSeconds = Number(status.dataset.readyTimeout) > 0 ? Number(status.dataset.readyTimeout) : READY_TIMEOUT_S;

  const showFailure = (message, { focus = false } = {}) => {
    status.textContent = "";
    failure.querySelector("[data-failure-reason]").textContent = message;
    failure.hidden = false;
    if (focus) failure.focus();
  };

  status.textContent = LOADING_TEXT;
  ready(timeoutSeconds * 1000).then(
    () => {
      // Don't overwrite a newer message (such as "Your result is below.").
      if (status.textContent === LOADING_TEXT) status.textContent = "The private scoring engine is ready. It runs only in this browser.";
    },
    (error) => showFailure(error.message),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    root.querySelector("[data-quiz-errors]").hidden = true;
    // An earlier result must not stay on screen beside new answers it no longer matches.
    result.hidden = true;
    const answers = collectAnswers(form);
    if (remember.checked) savedAnswers.set(answers);
    refreshSaved(root);
    status.textContent = "Working out your result…";
    try {
      const reply = await call("assess", { answers });
      if (!reply.ok) {
        status.textContent = "";
        showProblems(root, form, reply.problems);
        // Safety first: answers that already call for crisis help show the crisis
        // panel at once, even while other questions are still unanswered.
        if (reply.crisis_reasons && reply.crisis_reasons.length) {
          showResult(root, { outcome: "crisis", reasons: reply.crisis_reasons });
        }
        return;
      }
      status.textContent = "Your result is below.";
      showResult(root, reply.result);
    } catch (error) {
      showFailure(error.message, { focus: true });
    }
  });
  form.addEventListener("reset", () => {
    clearErrors(form);
    root.querySelector("[data-quiz-errors]").hidden = true;
    result.hidden = true;
  });

  const deck = root.querySelector("[data-quiz-deck]");
  deck.querySelector("[data-deck-paper]").addEventListener("change", (event) => { event.target.dataset.touched = "1"; });
  deck.querySelector("[data-deck-download]").addEventListener("click", () => downloadDeck(deck));

  const saved = root.querySelector("[data-quiz-saved]");
  saved.querySelector("[data-saved-show]").addEventListener("click", () => {
    saved.querySelector("[data-saved-view]").textContent = savedAnswers.get() || "Nothing is saved.";
  });
  saved.querySelector("[data-saved-fill]").addEventListener("click", () => {
    const stored = savedAnswers.get();
    let answers = null;
    try { answers = stored && JSON.parse(stored); } catch { answers = null; }
    if (answers && typeof answers === "object") fillAnswers(form, answers);
  });
  saved.querySelector("[data-saved-delete]").addEventListener("click", () => {
    savedAnswers.remove();
    remember.checked = false;
    refreshSaved(root);
    status.textContent = "Your saved answers were deleted from this browser.";
  });
  if (!savedAnswers.available()) remember.disabled = true;
  refreshSaved(root);
}

function initCardLibrary(library) {
  const filters = library.querySelector("[data-card-filters]");
  if (!filters || filters.dataset.bound) return;
  filters.dataset.bound = "true";
  filters.hidden = false;
  const count = library.querySelector("[data-card-count]");
  const apply = () => {
    const level = filters.querySelector('[data-filter="level"]').value;
    const area = filters.querySelector('[data-filter="area"]').value;
    let shown = 0;
    for (const card of library.querySelectorAll(".challenge-card")) {
      const visible = (!level || card.dataset.level === level) && (!area || card.dataset.area === area);
      card.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    for (const section of library.querySelectorAll(".card-level")) {
      section.hidden = !section.querySelector(".challenge-card:not([hidden])");
    }
    count.textContent = `Showing ${shown} ${shown === 1 ? "card" : "cards"}.`;
  };
  for (const select of filters.querySelectorAll("select")) select.addEventListener("change", apply);
  apply();
}

// Everything this origin keeps in Web Storage, shown in one place with one delete
// button, so stored data stays the reader's to see and remove.
function storedEntries() {
  const entries = [];
  for (const [label, area] of [["Saved on this device", "localStorage"], ["Kept until you close the tab", "sessionStorage"]]) {
    let store = null;
    try { store = window[area]; } catch { store = null; }
    if (!store) continue;
    for (let index = 0; index < store.length; index += 1) {
      const key = store.key(index);
      entries.push({ label, store, key, value: store.getItem(key) });
    }
  }
  return entries;
}

function initDeviceData(panel) {
  if (panel.dataset.bound) return;
  panel.dataset.bound = "true";
  const summary = panel.querySelector("[data-device-data-summary]");
  const list = panel.querySelector("[data-device-data-list]");
  const button = panel.querySelector("[data-device-data-delete]");
  const render = (message) => {
    const entries = storedEntries();
    list.replaceChildren(...entries.map(({ label, key, value }) => {
      const item = document.createElement("li");
      const name = document.createElement("code");
      name.textContent = key;
      item.append(name, ` (${label.toLowerCase()}): ${value && value.length > 200 ? value.slice(0, 200) + "…" : value}`);
      return item;
    }));
    summary.textContent = message || (entries.length
      ? `This site has stored ${entries.length} ${entries.length === 1 ? "item" : "items"} in this browser:`
      : "This site has stored nothing in this browser.");
    button.hidden = entries.length === 0;
  };
  button.addEventListener("click", () => {
    for (const { store, key } of storedEntries()) store.removeItem(key);
    render("Deleted. This site has stored nothing in this browser now.");
  });
  render();
}

function onPage() {
  const deviceData = document.querySelector("[data-device-data]");
  if (deviceData) initDeviceData(deviceData);
  // The quiz's parts sit side by side in the article; the article is their root.
  const form = document.querySelector("[data-quiz-form]");
  if (form) initQuiz(form.closest("article") || document.body);
  const library = document.querySelector("[data-card-library]");
  if (library) initCardLibrary(library);
}

if (window.document$) window.document$.subscribe(onPage);
else document.addEventListener("DOMContentLoaded", onPage);
