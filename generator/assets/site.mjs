// Thin DOM adapter for the self-check and the card library, shipped by the generator with
// every site. All scoring, triage and deck choice happen in Python (quiz-worker.mjs), from
// the topic's own self-check definition. This file moves answers from the form to the worker and
// shows the parts the page already contains. The one rule it applies itself is the crisis
// rule, from data Python wrote at build time (crisis-rules.mjs), so a person at risk sees the
// crisis result even when the engine cannot run. It hooks into mkdocs-material's instant
// navigation through `document$`.
//
// The widget ({{ self_check() }}, generator/templates/self_check.md.j2) holds every word and
// hook this file uses. The save box and the deck box are optional: a topic without them
// simply has none.
//
// Settings the page can give (data attributes on the [data-quiz-status] element):
//   data-stall-timeout="30"   seconds without a byte arriving before a download counts as stalled
//   data-start-timeout="120"  seconds the engine may take to start once every byte has arrived

import { crisisCheck } from "./crisis-rules.mjs";
import {
  HANDOFF_CACHE, SWEPT_EVENT, deleteOffline, keepOffline, offlineEnabled, offlineRefused, offlineStorage, refuseOffline,
  startOffline,
} from "./offline.mjs";

// Everything this site stores sits under its own prefix: the site's path (as mkdocs-material
// scopes its own keys, e.g. "/guide/.__palette") and a dot. So a site on a shared origin
// lists and deletes only its own data, never another app's.
const scopePath = () => {
  try { return new URL(window.__md_scope || "/", location.href).pathname; } catch { return "/"; }
};
const storagePrefix = () => `${scopePath()}.`;
const STORAGE_KEY = () => `${storagePrefix()}quiz-answers`;
const STALL_S = 30;
const START_S = 120;
const ASSESS_LIMIT_MS = 60000;
const DECK_LIMIT_MS = 180000;
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR"]);
// In-app browsers of the apps people most often arrive from; their downloads often save nothing.
const IN_APP_BROWSER = /FBAN|FBAV|FB_IAB|Instagram|musical_ly|BytedanceWebview|TikTok|Snapchat|Twitter|LinkedInApp|Pinterest|Line\//i;

// --- the engine: one worker per visit, restarted by Retry --------------------------------------

class EngineError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // nowasm | download | stall | start | result | deck | call
  }
}

const engine = {
  worker: null,
  state: "idle", // idle | loading | ready | failed
  phase: "download", // download | starting
  failure: null,
  received: 0,
  total: 0,
  lastActivity: 0,
  limits: { stall: STALL_S, start: START_S },
  watchdog: 0,
  ready: null,
  pending: new Map(),
  nextId: 1,
  listener: null,
};

const notify = () => { if (engine.listener) engine.listener(); };

function failEngine(kind, message) {
  if (engine.state === "failed") return;
  engine.state = "failed";
  engine.failure = new EngineError(kind, message);
  clearInterval(engine.watchdog);
  for (const entry of engine.pending.values()) entry.reject(engine.failure);
  engine.pending.clear();
  if (engine.worker) engine.worker.terminate();
  engine.worker = null;
  notify();
}

function send(type, payload = {}) {
  if (!engine.worker) return Promise.reject(engine.failure || new EngineError("start", "The private scoring engine is not running."));
  const id = engine.nextId++;
  return new Promise((resolve, reject) => {
    engine.pending.set(id, { resolve, reject });
    engine.worker.postMessage({ id, type, ...payload });
  });
}

// Starts the engine, or starts it again after a failure: a failure is never final for the visit.
function startEngine() {
  if (engine.state === "loading" || engine.state === "ready") return engine.ready;
  Object.assign(engine, { state: "loading", phase: "download", failure: null, received: 0, total: 0, lastActivity: performance.now() });
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    failEngine("nowasm", "This browser has WebAssembly switched off, and the private scoring engine needs it.");
    engine.ready = Promise.reject(engine.failure);
    engine.ready.catch(() => {});
    return engine.ready;
  }
  const worker = new Worker(new URL("quiz-worker.mjs", import.meta.url), { type: "module" });
  engine.worker = worker;
  worker.addEventListener("message", ({ data }) => {
    if (worker !== engine.worker) return; // a stopped worker's late reply
    if (data.type === "progress") {
      engine.received = data.received;
      if (data.total) engine.total = data.total;
      if (data.phase === "starting") engine.phase = "starting";
      engine.lastActivity = performance.now();
      notify();
      return;
    }
    const entry = engine.pending.get(data.id);
    if (!entry) return;
    engine.pending.delete(data.id);
    data.ok ? entry.resolve(data.result) : entry.reject(new EngineError(data.kind || "start", data.error));
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    failEngine("start", "The private scoring engine could not start in this browser.");
  });
  // No fixed deadline for a download that is still arriving: only a stall ends it.
  engine.watchdog = setInterval(() => {
    if (engine.state !== "loading") return;
    const idle = (performance.now() - engine.lastActivity) / 1000;
    if (engine.phase === "download" && idle > engine.limits.stall) {
      failEngine("stall", `The download of the scoring engine stopped: nothing arrived for ${engine.limits.stall} seconds.`);
    } else if (engine.phase === "starting" && idle > engine.limits.start) {
      failEngine("start", "The scoring engine downloaded but did not start in this browser.");
    }
  }, 1000);
  // Before the site is kept offline, the engine leaves its downloaded files where the service
  // worker will look for them, so installing the worker does not download them again.
  const handoff = offlineEnabled() && !offlineRefused() && !navigator.serviceWorker.controller ? HANDOFF_CACHE : null;
  engine.ready = send("ready", { handoff }).then(
    () => {
      engine.state = "ready";
      clearInterval(engine.watchdog);
      notify();
    },
    (error) => {
      failEngine(error.kind || "start", error.message);
      throw engine.failure;
    },
  );
  engine.ready.catch(() => {});
  notify();
  return engine.ready;
}

// A call made once the engine runs; `limit` guards a reply that never comes.
async function ask(type, payload, limitMs, kind) {
  await startEngine();
  let timer = 0;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new EngineError(kind, "The private scoring engine stopped answering.")), limitMs);
  });
  try {
    return await Promise.race([send(type, payload), late]);
  } catch (error) {
    throw error instanceof EngineError ? error : new EngineError(kind, error.message);
  } finally {
    clearTimeout(timer);
  }
}

// --- answers -----------------------------------------------------------------------------------

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

function hasAnswers(answers) {
  return Object.values(answers).some((value) => !Array.isArray(value) || value.length > 0);
}

function fillAnswers(form, answers) {
  for (const fieldset of form.querySelectorAll("[data-item]")) {
    const value = answers[fieldset.dataset.item];
    const values = new Set((value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String));
    for (const input of fieldset.querySelectorAll("input")) input.checked = values.has(input.value);
  }
}

// Question and answer label, as the form shows them: saved answers are never shown as code.
function describeAnswers(form, answers) {
  const rows = [];
  for (const fieldset of form.querySelectorAll("[data-item]")) {
    const value = answers[fieldset.dataset.item];
    if (value === undefined || (Array.isArray(value) && !value.length)) continue;
    const wanted = new Set((Array.isArray(value) ? value : [value]).map(String));
    const labels = [...fieldset.querySelectorAll("input")]
      .filter((input) => wanted.has(input.value))
      .map((input) => input.closest("label").textContent.trim());
    rows.push([fieldset.querySelector("legend").textContent.trim(), labels.join(", ")]);
  }
  return rows;
}

function clearErrors(root, form) {
  for (const node of form.querySelectorAll(".quiz-item__error")) {
    node.hidden = true;
    node.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  root.querySelector("[data-quiz-errors]").hidden = true;
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
  // The words are the topic's own (data-one, data-many on the summary).
  heading.textContent = problems.length === 1 ? summary.dataset.one : summary.dataset.many.replace("{count}", String(problems.length));
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

// One JSON value in localStorage under key(), or null when it is missing or not what valid()
// accepts. Storage can be switched off (or throw) when someone blocks site data: what keeps
// something there (saved answers, the log of experiments) must still work in the page.
function localJson(key, valid) {
  return {
    get() {
      try {
        const parsed = JSON.parse(localStorage.getItem(key()));
        return valid(parsed) ? parsed : null;
      } catch { return null; }
    },
    set(value) {
      try { localStorage.setItem(key(), JSON.stringify(value)); return true; } catch { return false; }
    },
    remove() {
      try { localStorage.removeItem(key()); } catch { /* nothing was stored */ }
    },
    available() {
      try { return typeof localStorage === "object" && localStorage !== null; } catch { return false; }
    },
  };
}

const savedAnswers = localJson(STORAGE_KEY, (value) => !!value && typeof value === "object" && !Array.isArray(value));

// --- the page ----------------------------------------------------------------------------------

// A topic's words with their {placeholders} filled; an unknown one is left as written.
function fillWords(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1);
}

function initQuiz(root) {
  const form = root.querySelector("[data-quiz-form]");
  if (!form || form.dataset.bound) return;
  const need = (selector, within = root) => {
    const node = within.querySelector(selector);
    if (!node) throw new Error(`The self-check on this page is missing ${selector}.`);
    return node;
  };
  // Optional parts: every node inside an optional part is required once the part is there.
  const optional = (selector) => root.querySelector(selector);
  const status = need("[data-quiz-status]");
  const progress = need("[data-quiz-progress]");
  const progressText = need("[data-quiz-progress-text]");
  const failure = need("[data-quiz-failure]");
  const retry = need("[data-quiz-retry]");
  const result = need("[data-quiz-result]");
  const stale = need("[data-quiz-stale]");
  const undo = need("[data-quiz-undo]");
  const reasonsList = need("[data-quiz-reasons]", result);
  const resultHeading = need("h2", result);
  const rememberBox = optional("[data-quiz-remember-box]");
  const showLabel = rememberBox ? need("[data-saved-show]", rememberBox).textContent : "";
  const remember = rememberBox && need("[data-quiz-remember]", rememberBox);
  const saved = rememberBox && need("[data-quiz-saved]", rememberBox);
  const savedView = rememberBox && need("[data-saved-view]", rememberBox);
  const showSaved = rememberBox && need("[data-saved-show]", rememberBox);
  const deck = optional("[data-quiz-deck]");
  const deckButton = deck && need("[data-deck-download]", deck);
  const deckStatus = deck && need("[data-deck-status]", deck);
  // The link to the finished PDF exists only while there is a PDF: a link with no address
  // would be a dead link to a crawler and to a screen reader's list of links.
  const deckOpen = deck && need("[data-deck-open]", deck);
  const paper = deck && need("[data-deck-paper]", deck);
  const outcomeBlocks = [...result.querySelectorAll("[data-outcome]")];
  if (!outcomeBlocks.length) throw new Error("The self-check on this page shows no outcome ([data-outcome]).");
  const offersDeck = (id) => outcomeBlocks.some((block) => block.dataset.outcome === id && block.dataset.offers === "deck");
  const engineNote = root.querySelector("[data-result-engine-note]");
  const crisisSpec = JSON.parse(form.dataset.crisisRules || '{"rules": [], "scores": {}}');
  form.dataset.bound = "true";
  // The quiz's styles (visible focus among them) hang off this class.
  root.classList.add("quiz");

  const seconds = (name, fallback) => (Number(status.dataset[name]) > 0 ? Number(status.dataset[name]) : fallback);
  engine.limits = { stall: seconds("stallTimeout", STALL_S), start: seconds("startTimeout", START_S) };

  const inApp = root.querySelector("[data-quiz-inapp]");
  if (inApp && IN_APP_BROWSER.test(navigator.userAgent)) inApp.hidden = false;

  // Every change of answers after submitting bumps this, so a late reply for older answers is dropped.
  let revision = 0;
  let deckUrl = "";
  let cleared = null;

  const say = (text) => { if (status.textContent !== text) status.textContent = text; };
  // The topic's words for the status line (self-check.json's page.words, put on it as data-say-*).
  const word = (key, values = {}) =>
    fillWords(status.dataset[`say${key.replace(/(?:^|_)(\w)/g, (_, letter) => letter.toUpperCase())}`] || "", values);

  const hideFailure = () => { failure.hidden = true; };
  const showFailure = (error, { focus = false } = {}) => {
    failure.querySelector("[data-failure-reason]").textContent = error.message;
    for (const advice of failure.querySelectorAll("[data-failure-advice]")) {
      advice.hidden = (advice.dataset.failureAdvice === "nowasm") !== (error.kind === "nowasm");
    }
    // Retrying cannot bring back WebAssembly that the browser has switched off.
    retry.hidden = error.kind === "nowasm";
    failure.hidden = false;
    if (focus) failure.focus();
  };

  const renderEngine = () => {
    if (engine.state === "loading") {
      progress.hidden = false;
      progressText.hidden = false;
      if (engine.phase === "starting") {
        progress.removeAttribute("value"); // nothing left to download: an indeterminate bar
        progressText.textContent = word("engine_downloaded", { total: megabytes(engine.total) });
        say(word("engine_starting"));
      } else {
        if (engine.total) {
          progress.max = engine.total;
          progress.value = Math.min(engine.received, engine.total);
          progressText.textContent = word("engine_progress", { received: megabytes(engine.received), total: megabytes(engine.total) });
        }
        say(word("engine_downloading"));
      }
      return;
    }
    progress.hidden = true;
    progressText.hidden = true;
    if (engine.state === "ready") {
      // Only in place of what the status line said while loading: never over a result's message.
      if ([word("engine_downloading"), word("engine_starting"), ""].includes(status.textContent)) {
        say(word("engine_ready"));
      }
    } else if (engine.state === "failed") {
      say("");
      showFailure(engine.failure);
    }
  };
  engine.listener = renderEngine;

  const revokeDeck = () => {
    if (!deck) return;
    if (deckUrl) URL.revokeObjectURL(deckUrl);
    deckUrl = "";
    deckOpen.replaceChildren();
    deckOpen.hidden = true;
    deckStatus.textContent = "";
  };

  // The table of contents lists the result's heading. With no result shown its entry would
  // lead nowhere (a keyboard or screen-reader user followed it and nothing happened), so the
  // entry is shown only with a result.
  // The theme's instant navigation makes the links absolute, so they are matched by their parts.
  const showInContents = (shown) => {
    if (!resultHeading.id) return;
    for (const link of document.querySelectorAll(".md-nav a[href*='#']")) {
      if (link.hash !== `#${resultHeading.id}` || link.pathname !== location.pathname) continue;
      (link.closest("li") || link).hidden = !shown;
    }
  };
  if (result.hidden) showInContents(false);

  const withdrawResult = () => {
    result.hidden = true;
    showInContents(false);
    delete result.dataset.outcome;
    delete result.dataset.crisis;
    revokeDeck();
  };

  const showResult = (outcome) => {
    for (const section of result.querySelectorAll("[data-outcome]")) {
      section.hidden = section.dataset.outcome !== outcome.outcome;
    }
    const parts = new Set(outcome.parts || []);
    for (const part of result.querySelectorAll("[data-part]")) {
      part.hidden = !part.dataset.part.split(/\s+/).some((owner) => parts.has(owner));
    }
    // Reasons come from Python and are inserted as text, never as HTML.
    reasonsList.replaceChildren(...outcome.reasons.map((reason) => {
      const item = document.createElement("li");
      item.textContent = reason;
      return item;
    }));
    revokeDeck();
    const isDeck = Boolean(deck) && offersDeck(outcome.outcome) && outcome.start_level !== null;
    if (deck) deck.hidden = !isDeck;
    if (isDeck) {
      deck.querySelector("[data-deck-level]").textContent = `${outcome.start_level} (${outcome.start_level_name})`;
      deck.querySelector("[data-deck-areas]").textContent = outcome.area_names.join(", ");
      deck.dataset.level = String(outcome.start_level);
      deck.dataset.areas = JSON.stringify(outcome.areas);
      if (!paper.dataset.touched) paper.value = defaultPaper();
    }
    if (engineNote) {
      engineNote.hidden = !(isCrisis(outcome) && engine.state === "failed");
      if (!engineNote.hidden) {
        engineNote.textContent = word("crisis_engine_note", { reason: engine.failure.message });
      }
    }
    stale.hidden = true;
    result.dataset.outcome = outcome.outcome;
    if (isCrisis(outcome)) result.dataset.crisis = "true";
    else delete result.dataset.crisis;
    result.hidden = false;
    showInContents(true);
    resultHeading.focus();
  };

  // The crisis rule needs no engine: a self-harm answer shows the crisis result at once.
  const crisisNow = (answers) => crisisCheck(crisisSpec, answers);
  // The most cautious crisis outcome (the rules say which outcome they lead to).
  const crisisOutcome = (crisisSpec.rules[0] && crisisSpec.rules[0].outcome)
    || (outcomeBlocks.find((block) => "crisis" in block.dataset) || {}).dataset?.outcome;
  const isCrisis = (outcome) => outcome.crisis
    || outcomeBlocks.some((block) => block.dataset.outcome === outcome.outcome && "crisis" in block.dataset);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = collectAnswers(form);
    const mine = ++revision;
    clearErrors(root, form);
    undo.hidden = true;
    cleared = null;
    if (remember && remember.checked) savedAnswers.set(answers);
    refreshSaved();
    const crisis = crisisNow(answers);
    if (crisis.met) {
      say(word("result_shown"));
      showResult({ outcome: crisis.outcome || crisisOutcome, crisis: true, reasons: crisis.reasons, parts: [] });
      return;
    }
    withdrawResult();
    stale.hidden = true;
    hideFailure();
    say(word(engine.state === "ready" ? "working" : "waiting"));
    let reply;
    try {
      reply = await ask("assess", { answers }, ASSESS_LIMIT_MS, "result");
    } catch (error) {
      if (mine !== revision) return;
      say("");
      if (error.kind === "result") {
        failEngine("result", "Something went wrong while working out your result.");
      }
      showFailure(error.kind === "result" ? engine.failure : error, { focus: true });
      return;
    }
    if (mine !== revision) return; // the answers changed while the engine worked
    if (!reply.ok) {
      say("");
      showProblems(root, form, reply.problems);
      if (reply.crisis_reasons && reply.crisis_reasons.length) {
        showResult({ outcome: crisisOutcome, crisis: true, reasons: reply.crisis_reasons, parts: [] });
      }
      return;
    }
    say(word("result_shown"));
    showResult(reply.result);
  });

  form.addEventListener("change", (event) => {
    if (!event.target.closest("[data-item]")) return;
    revision += 1;
    undo.hidden = true;
    cleared = null;
    const answers = collectAnswers(form);
    if (remember && remember.checked) {
      savedAnswers.set(answers);
      refreshSaved();
    }
    if (result.hidden) return;
    const crisis = crisisNow(answers);
    if (result.dataset.crisis && crisis.met) {
      // Still a crisis whatever else changes: keep the help on screen, with up-to-date reasons.
      showResult({ outcome: crisis.outcome || crisisOutcome, crisis: true, reasons: crisis.reasons, parts: [] });
      event.target.focus();
      return;
    }
    withdrawResult();
    say("");
    stale.hidden = false;
  });

  form.addEventListener("reset", () => {
    const answers = collectAnswers(form);
    const keep = Boolean(remember && remember.checked);
    clearErrors(root, form);
    withdrawResult();
    stale.hidden = true;
    say("");
    revision += 1;
    // The reset also unticks the save box; it is a separate choice, so put it back.
    if (remember) setTimeout(() => { remember.checked = keep; }, 0);
    cleared = hasAnswers(answers) ? answers : null;
    undo.hidden = !cleared;
  });
  need("[data-quiz-undo-button]").addEventListener("click", () => {
    if (cleared) fillAnswers(form, cleared);
    cleared = null;
    undo.hidden = true;
    say(word("restored"));
    form.querySelector("[data-quiz-submit]").focus();
  });

  retry.addEventListener("click", () => {
    hideFailure();
    startEngine();
    status.focus();
  });

  if (deck) paper.addEventListener("change", () => { paper.dataset.touched = "1"; });
  if (deck) deckButton.addEventListener("click", async () => {
    const level = Number(deck.dataset.level);
    const chosen = paper.value;
    const mine = revision;
    deckButton.disabled = true;
    revokeDeck();
    deckStatus.textContent = deck.dataset.making;
    try {
      const request = { start_level: level, areas: JSON.parse(deck.dataset.areas), paper: chosen };
      const { bytes } = await ask("deck", { request }, DECK_LIMIT_MS, "deck");
      if (mine !== revision || result.hidden) return;
      deckUrl = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
      const deckLink = document.createElement("a");
      deckLink.className = "md-button";
      deckLink.textContent = deckOpen.dataset.label;
      deckLink.href = deckUrl;
      deckLink.download = `starter-deck-${level}-${chosen}.pdf`;
      deckOpen.replaceChildren(deckLink);
      deckOpen.hidden = false;
      deckLink.click();
      deckStatus.textContent = deck.dataset.ready;
    } catch (error) {
      deckStatus.textContent = deck.dataset.failed.replace("{reason}", error.message.replace(/\.$/, ""));
    } finally {
      deckButton.disabled = false;
    }
  });

  // Saved answers: one choice, shown before the submit button; ticking saves, unticking deletes.
  const renderSavedView = () => {
    const stored = savedAnswers.get();
    savedView.replaceChildren(...describeAnswers(form, stored || {}).flatMap(([question, answer]) => {
      const term = document.createElement("dt");
      term.textContent = question;
      const detail = document.createElement("dd");
      detail.textContent = answer;
      return [term, detail];
    }));
  };
  function refreshSaved() {
    if (!rememberBox) return;
    const stored = savedAnswers.get();
    saved.hidden = !stored;
    remember.checked = Boolean(stored);
    if (!stored) {
      savedView.hidden = true;
      showSaved.setAttribute("aria-expanded", "false");
    }
    if (!savedView.hidden) renderSavedView();
  }
  if (rememberBox) {
    remember.addEventListener("change", () => {
      if (remember.checked) {
        if (!savedAnswers.set(collectAnswers(form))) {
          remember.checked = false;
          say(word("saved_refused"));
          return;
        }
        say(word("saved_now"));
      } else {
        savedAnswers.remove();
        say(word("saved_deleted"));
      }
      refreshSaved();
    });
    showSaved.addEventListener("click", () => {
      const open = savedView.hidden;
      savedView.hidden = !open;
      showSaved.setAttribute("aria-expanded", String(open));
      showSaved.textContent = open ? showSaved.dataset.hide : showLabel;
      if (open) renderSavedView();
    });
    need("[data-saved-fill]").addEventListener("click", () => {
      const stored = savedAnswers.get();
      if (stored) fillAnswers(form, stored);
      say(word("saved_filled"));
    });
    need("[data-saved-delete]").addEventListener("click", () => {
      savedAnswers.remove();
      refreshSaved();
      showSaved.textContent = showLabel;
      say(word("saved_deleted"));
      remember.focus();
    });
    if (!savedAnswers.available()) remember.disabled = true;
  }
  refreshSaved();

  startEngine();
  renderEngine();
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

// Everything this site keeps in Web Storage, shown in one place with one delete
// button, so stored data stays the reader's to see and remove. Only keys under this
// site's prefix count: another app on the same origin keeps its own.
function storedEntries() {
  const entries = [];
  const prefix = storagePrefix();
  for (const [label, area] of [["Saved on this device", "localStorage"], ["Kept until you close the tab", "sessionStorage"]]) {
    let store = null;
    try { store = window[area]; } catch { store = null; }
    if (!store) continue;
    for (let index = 0; index < store.length; index += 1) {
      const key = store.key(index);
      if (key !== null && key.startsWith(prefix)) entries.push({ label, store, key, value: store.getItem(key) });
    }
  }
  return entries;
}

function megabytesText(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

function initDeviceData(panel) {
  if (panel.dataset.bound) return;
  panel.dataset.bound = "true";
  const summary = panel.querySelector("[data-device-data-summary]");
  const list = panel.querySelector("[data-device-data-list]");
  const button = panel.querySelector("[data-device-data-delete]");
  // The page's own words for the offline copy, with plain defaults.
  const offlineLabel = panel.dataset.labelOffline || "offline copy of this site, kept by your browser so it works with no network";
  const workerLabel = panel.dataset.labelWorker || "the offline helper (service worker) that serves that copy";
  // The reader's say over the offline copy: without a refusal it comes back on every visit.
  const choice = panel.querySelector("[data-offline-choice]");
  const refuseText = panel.dataset.labelRefuse || "Keep no offline copy on this device";
  const keepText = panel.dataset.labelKeep || "Keep an offline copy again";
  const item = (key, text) => {
    const entry = document.createElement("li");
    const name = document.createElement("code");
    name.textContent = key;
    entry.append(name, text);
    return entry;
  };
  // A stored entry says what it is in the page's words (data-name-<key without the site's
  // prefix>, e.g. data-name-quiz-answers), then shows every character of what is stored,
  // folded away: a raw key and a cut-off value were honest but told a reader little.
  const prefix = storagePrefix();
  const showValue = panel.dataset.labelValue || "Show exactly what is stored";
  const storedItem = ({ label, key, value }) => {
    const named = panel.getAttribute(`data-name-${key.slice(prefix.length).replace(/^_+/, "")}`);
    const where = ` (${label.toLowerCase()})`;
    const entry = item(key, named ? "" : where);
    if (named) {
      const title = document.createElement("strong");
      title.textContent = named;
      entry.prepend(title, `${where}: `);
    }
    const fold = document.createElement("details");
    const summaryLine = document.createElement("summary");
    summaryLine.textContent = showValue;
    const shown = document.createElement("pre");
    let text = value ?? "";
    try { text = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: shown as it is */ }
    shown.textContent = text;
    fold.append(summaryLine, shown);
    entry.append(fold);
    entry.dataset.key = key;
    return entry;
  };
  // Web Storage is listed at once; the offline copy joins the list when the browser has
  // measured it (reading a cache takes a moment).
  let kept = { caches: [], registered: false };
  const show = (message) => {
    // The list is built again when the copy has been measured: a fold the reader opened
    // stays open, and the focus stays on it.
    const entryOf = (node) => node instanceof Element && node.closest("li[data-key]");
    const open = new Set([...list.querySelectorAll("details[open]")].map((fold) => entryOf(fold).dataset.key));
    const focused = list.contains(document.activeElement) ? entryOf(document.activeElement) : null;
    const items = storedEntries().map(storedItem);
    for (const entry of items) entry.querySelector("details").open = open.has(entry.dataset.key);
    for (const { name, files, bytes } of kept.caches) {
      items.push(item(name, ` (${offlineLabel}): ${files} ${files === 1 ? "file" : "files"}, ${megabytesText(bytes)}`));
    }
    if (kept.registered) items.push(item("sw.js", ` (${workerLabel})`));
    list.replaceChildren(...items);
    if (focused) items.find((entry) => entry.dataset.key === focused.dataset.key)?.querySelector("summary").focus();
    summary.textContent = message || (items.length
      ? `This site has stored ${items.length} ${items.length === 1 ? "item" : "items"} in this browser:`
      : "This site has stored nothing in this browser.");
    button.hidden = items.length === 0;
    if (choice) {
      choice.hidden = !offlineEnabled();
      choice.textContent = offlineRefused() ? keepText : refuseText;
    }
  };
  // Measuring the copy reads every file in it, which takes seconds on a slow phone. Each
  // measurement is numbered, and one that a newer measurement or a deletion overtook is
  // dropped: it would list what was just deleted, over the message that says so. measure()
  // resolves to whether it is still the newest, and only then keeps what it found.
  let measuring = 0;
  const measure = async () => {
    const mine = ++measuring;
    let found;
    try { found = await offlineStorage(); } catch { found = { caches: [], registered: false }; }
    if (mine !== measuring) return false;  // whatever overtook it shows its own list and message
    kept = found;
    return true;
  };
  const render = async (message) => {
    show(message);
    if (await measure()) show(message);
  };
  const deleted = "Deleted. This site has stored nothing in this browser now.";
  button.addEventListener("click", async () => {
    measuring += 1;  // what is being measured is about to be deleted
    for (const { store, key } of storedEntries()) store.removeItem(key);
    const deleting = deleteOffline().catch(() => { /* listed again below if anything is left */ });
    show(kept.caches.length || kept.registered ? "Deleting the offline copy…" : deleted);
    await deleting;
    if (await measure()) show(!kept.caches.length && !kept.registered && !storedEntries().length ? deleted : null);
  });
  if (choice) {
    choice.addEventListener("click", async () => {
      if (offlineRefused()) {
        keepOffline();
        await render("The offline copy will be kept again: your browser starts storing it in a moment.");
        return;
      }
      measuring += 1;
      show("Deleting the offline copy…");
      const remembered = await refuseOffline();
      // Deleted: the copy is not listed as kept while storage is measured again.
      kept = { caches: [], registered: false };
      await render(remembered
        ? "No offline copy is kept now, and none will be stored on later visits. That choice is saved on this device (listed below); deleting it lets the copy come back."
        : "The offline copy is deleted, but this browser does not let the site remember your choice, so the copy will come back on your next visit. A private window keeps nothing after you close it.");
    });
  }
  // What a worker stored after a deletion is swept when it stops; list storage again then.
  const swept = () => {
    if (!panel.isConnected) window.removeEventListener(SWEPT_EVENT, swept);
    else render();
  };
  window.addEventListener(SWEPT_EVENT, swept);
  render();
}

function onPage() {
  const deviceData = document.querySelector("[data-device-data]");
  if (deviceData) initDeviceData(deviceData);
  // The quiz's parts sit side by side in the article; the article is their root.
  const form = document.querySelector("[data-quiz-form]");
  if (form) {
    const root = form.closest("article") || document.body;
    try {
      initQuiz(root);
    } catch (error) {
      // A page built without one of the quiz's parts says so, instead of failing silently.
      const note = document.createElement("p");
      note.className = "quiz-broken";
      note.setAttribute("role", "alert");
      note.textContent = `${error.message} The self-assessment cannot run on this page.`;
      form.before(note);
    }
  } else {
    engine.listener = null;
  }
  const library = document.querySelector("[data-card-library]");
  if (library) initCardLibrary(library);
  // The log of experiments has its own adapter, fetched only on the page that holds it; it
  // shares this module's engine, so one worker serves every page of the visit.
  const log = document.querySelector("[data-experiment-log]");
  if (log && !log.dataset.bound) {
    import("./experiments.mjs")
      .then(({ initLog }) => initLog(log, { ask, startEngine, engine, storagePrefix, localJson, defaultPaper, megabytes, fillWords }))
      .catch((error) => {
        const note = document.createElement("p");
        note.className = "quiz-broken";
        note.setAttribute("role", "alert");
        note.textContent = `${error.message} ${log.dataset.broken || ""}`.trim();
        log.before(note);
      });
  }
  // Keep the site for offline use once this first page is read (and, on the self-check, once
  // its engine has downloaded); later pages of the visit find it already started.
  startOffline(form && engine.ready ? engine.ready : Promise.resolve());
}

if (window.document$) window.document$.subscribe(onPage);
else document.addEventListener("DOMContentLoaded", onPage);

// The theme's drawer and search toggles are checkboxes. Firefox restores a checkbox's state
// after Back; the theme stopped that with autocomplete="off", which is not valid on a
// checkbox, so the build drops it and this puts the toggles back to closed instead.
window.addEventListener("pageshow", () => {
  for (const toggle of document.querySelectorAll('input.md-toggle[type="checkbox"]')) toggle.checked = false;
});
