// Thin DOM adapter for a private log of experiments, shipped by the generator and imported by
// site.mjs only on a page that holds the log ([data-experiment-log]). Everything that decides
// anything is Python in the engine's worker: the `experiments` package checks an entry,
// summarises the log, draws its charts, exports and merges files, and deckpdf prints the
// report. This file moves values between the form and those calls, and keeps the log in this
// browser only after the person ticks the keep box.
//
// Every word it shows comes from the page: data-* attributes on the log's root element (its
// messages) and the form's own labels and legends (the entries list reuses them).

const LOG_MODULE = "experiments.web";
const REPORT_MODULE = "deckpdf.site";
const REPORT_FUNCTION = "progress_pdf_from_json";
const CALL_LIMIT_MS = 60000;
const REPORT_LIMIT_MS = 180000;
// Object URLs of downloads are kept this long, so a slow save dialog still finds its file.
const URL_LIFETIME_MS = 60000;
// The words the root element must carry, checked once so no click meets a missing message.
const WORDS = [
  "broken", "loading", "progress", "downloaded", "starting", "ready", "failed", "kept", "unkept", "noStorage",
  "added", "updated", "deleted", "restored", "cancelled", "errorsOne", "errorsMany", "imported", "duplicates",
  "importBad", "importBadOne", "saved", "making", "reportReady", "reportFailed", "exportFailed", "cardsMany",
  "cardsOne", "cardsNone", "cardsFailed", "yes", "no", "level", "own", "editing", "edit", "delete", "editLabel",
  "deleteLabel", "entryLabel", "chartsWait", "noEntries", "fileName", "reportName", "wordsFile",
  "addedUnkept", "leaveUnkept",
];

const dataUrl = (name) => new URL(`../data/${name}`, import.meta.url);

function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

// Python's sentence names the entry and the field ("Entry 1, field "date": is missing …"); next
// to the field itself only the reason is needed.
function reasonOf(message) {
  const reason = message.replace(/^Entry \d+(?: \(line \d+\))?, field "[^"]*": /, "");
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

function download(data, name, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}

export function initLog(root, kit) {
  if (root.dataset.bound) return;
  const { ask, startEngine, engine, storagePrefix, localJson, defaultPaper, megabytes, fillWords } = kit;
  const need = (selector, within = root) => {
    const node = within.querySelector(selector);
    if (!node) throw new Error(`The log on this page is missing ${selector}.`);
    return node;
  };
  const missingWords = WORDS.filter((name) => root.dataset[name] === undefined);
  if (missingWords.length) throw new Error(`The log on this page has no words for ${missingWords.join(", ")}.`);
  const word = (name, values = {}) => fillWords(root.dataset[name], values);

  const status = need("[data-log-status]");
  const progress = need("[data-log-progress]");
  const progressText = need("[data-log-progress-text]");
  const failure = need("[data-log-failure]");
  const failureReason = need("[data-log-failure-reason]");
  const keep = need("[data-log-keep]");
  const form = need("[data-log-form]");
  const formHeading = need("[data-log-form-heading]");
  const errors = need("[data-log-errors]");
  const cardSearch = need("[data-log-card-search]");
  const cardCount = need("[data-log-card-count]");
  const cardSelect = need("[data-log-card]");
  const ownInput = need("[data-log-own]");
  const cancel = need("[data-log-cancel]");
  const undo = need("[data-log-undo]");
  const undoButton = need("[data-log-undo-button]");
  const empty = need("[data-log-empty]");
  const list = need("[data-log-entries]");
  const figures = need("[data-log-figures]");
  const chartsNote = need("[data-log-charts-note]");
  const charts = need("[data-log-charts]");
  const exportStatus = need("[data-log-export-status]");
  const importInput = need("[data-log-import]");
  const importReport = need("[data-log-import-report]");
  const paper = need("[data-log-paper]");
  const reportButton = need("[data-log-report]");
  const reportStatus = need("[data-log-report-status]");
  const reportOpen = need("[data-log-report-open]");
  const reportLink = need("[data-log-report-link]");
  const fields = [...form.querySelectorAll("[data-field]")];
  const defaultHeading = formHeading.textContent;
  root.dataset.bound = "true";

  const store = localJson(
    () => `${storagePrefix()}experiment-log`,
    (value) => !!value && typeof value === "object" && Array.isArray(value.entries),
  );
  let log = { version: 1, entries: [] };
  let editing = null; // the index of the entry in the form, or null for a new one
  let removed = null; // the last deleted entry and its place, for Undo
  let summaryRevision = 0;
  let reportUrl = "";
  let words = null;

  const say = (node, text) => { if (node.textContent !== text) node.textContent = text; };

  // --- the engine's state ----------------------------------------------------------------------
  const renderEngine = () => {
    const loading = engine.state === "loading";
    progress.hidden = !loading;
    progressText.hidden = !loading;
    failure.hidden = engine.state !== "failed";
    if (loading) {
      if (engine.phase === "starting") {
        progress.removeAttribute("value");
        progressText.textContent = word("downloaded", { total: megabytes(engine.total) });
        say(status, word("starting"));
      } else {
        if (engine.total) {
          progress.max = engine.total;
          progress.value = Math.min(engine.received, engine.total);
          progressText.textContent = word("progress", { received: megabytes(engine.received), total: megabytes(engine.total) });
        }
        say(status, word("loading"));
      }
    } else if (engine.state === "ready") {
      say(status, word("ready"));
    } else if (engine.state === "failed") {
      say(status, "");
      failureReason.textContent = word("failed", { reason: engine.failure.message });
    }
  };
  engine.listener = renderEngine;
  need("[data-log-retry]").addEventListener("click", () => {
    startEngine();
    if (log.entries.length) refreshSummary();
  });

  const call = async (name, ...args) => {
    const { text } = await ask("call", { module: LOG_MODULE, function: name, args }, CALL_LIMIT_MS, "call");
    return JSON.parse(text);
  };

  // --- the deck's cards, for the picker and the charts' tables ----------------------------------
  let cards = [];
  const cardsReady = fetch(dataUrl("cards.json"))
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
    .then((text) => {
      cards = JSON.parse(text).cards.map(({ id, title, level }) => ({ id, title, level }));
      cards.sort((a, b) => a.level - b.level || a.title.localeCompare(b.title));
      return text;
    })
    .catch(() => {
      say(cardCount, word("cardsFailed"));
      return "";
    });
  const cardTitle = (id) => cards.find((card) => card.id === id);
  const cardLabel = (card) => `${card.title} (${word("level", { level: card.level })})`;

  const filterCards = () => {
    const wanted = cardSearch.value.trim().toLowerCase();
    const chosen = cardSelect.value;
    const shown = cards.filter((card) => !wanted || card.title.toLowerCase().includes(wanted));
    cardSelect.replaceChildren(...shown.map((card) => {
      const option = document.createElement("option");
      option.value = card.id;
      option.textContent = cardLabel(card);
      return option;
    }));
    if (shown.some((card) => card.id === chosen)) cardSelect.value = chosen;
    if (!cards.length) return;
    say(cardCount, shown.length === 0 ? word("cardsNone")
      : shown.length === 1 ? word("cardsOne") : word("cardsMany", { count: shown.length }));
  };
  cardSearch.addEventListener("input", filterCards);
  cardsReady.then(filterCards);

  const sourceRadios = [...form.querySelectorAll("[data-log-source]")];
  const showSource = () => {
    const source = sourceRadios.find((radio) => radio.checked)?.value || "card";
    for (const panel of form.querySelectorAll("[data-log-source-panel]")) panel.hidden = panel.dataset.logSourcePanel !== source;
  };
  for (const radio of sourceRadios) radio.addEventListener("change", showSource);

  // --- the form: values in and out, in the contract's field names --------------------------------
  const inputsOf = (name) => [...form.querySelectorAll(`[data-input="${name}"]`)];

  const collect = () => {
    // An edited entry keeps any fields this page does not show (a newer page's, say).
    const entry = editing === null ? {} : { ...log.entries[editing] };
    for (const field of fields) delete entry[field.dataset.field];
    const source = sourceRadios.find((radio) => radio.checked)?.value || "card";
    const card = source === "card" ? cardSelect.value : ownInput.value.trim();
    if (card) entry.card = card;
    for (const field of fields) {
      const name = field.dataset.field;
      if (name === "card") continue;
      const inputs = inputsOf(name);
      const input = inputs[0];
      if (!input) continue;
      if ("boolean" in input.dataset) {
        const checked = inputs.find((radio) => radio.checked);
        if (checked && checked.value) entry[name] = checked.value === "true";
      } else if ("number" in input.dataset) {
        if (input.value !== "") entry[name] = Number(input.value);
      } else if ("lines" in input.dataset) {
        const lines = input.value.split("\n").map((line) => line.trim()).filter(Boolean);
        if (lines.length) entry[name] = lines;
      } else if (input.value.trim()) {
        entry[name] = input.value.trim();
      }
    }
    return entry;
  };

  const fill = (entry) => {
    const card = cardTitle(entry.card);
    for (const radio of sourceRadios) radio.checked = radio.value === (card ? "card" : "own");
    cardSearch.value = "";
    filterCards();
    if (card) cardSelect.value = card.id;
    ownInput.value = card ? "" : entry.card;
    showSource();
    for (const field of fields) {
      const name = field.dataset.field;
      if (name === "card") continue;
      const inputs = inputsOf(name);
      const value = entry[name];
      if (inputs[0] && "boolean" in inputs[0].dataset) {
        for (const radio of inputs) radio.checked = radio.value === (value === undefined ? "" : String(value));
      } else if (inputs[0] && "lines" in inputs[0].dataset) {
        inputs[0].value = Array.isArray(value) ? value.join("\n") : "";
      } else if (inputs[0]) {
        inputs[0].value = value === undefined ? "" : String(value);
      }
    }
  };

  const controlsOf = (name) => {
    if (name === "card") return [sourceRadios.find((radio) => radio.checked)?.value === "own" ? ownInput : cardSelect];
    return inputsOf(name);
  };

  const clearErrors = () => {
    errors.hidden = true;
    errors.replaceChildren();
    for (const slot of form.querySelectorAll("[data-error-for]")) {
      slot.hidden = true;
      slot.textContent = "";
    }
    for (const control of form.querySelectorAll("[aria-invalid]")) {
      control.removeAttribute("aria-invalid");
      const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter((id) => id && !id.endsWith("-error"));
      if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
      else control.removeAttribute("aria-describedby");
    }
  };

  const fieldName = (name) => {
    const field = fields.find((node) => node.dataset.field === name);
    if (!field) return "";
    const control = controlsOf(name)[0];
    const label = control && control.id ? form.querySelector(`label[for="${CSS.escape(control.id)}"]`) : null;
    return (label || field.querySelector("legend") || field).textContent.trim();
  };

  const showProblems = (problems) => {
    const items = problems.map((problem) => {
      const item = document.createElement("li");
      const slot = problem.field && form.querySelector(`[data-error-for="${CSS.escape(problem.field)}"]`);
      const controls = slot ? controlsOf(problem.field) : [];
      if (!slot || !controls.length) {
        item.textContent = problem.message;
        return item;
      }
      const reason = reasonOf(problem.message);
      slot.textContent = slot.textContent ? `${slot.textContent} ${reason}` : reason;
      slot.hidden = false;
      for (const control of controls) {
        control.setAttribute("aria-invalid", "true");
        const ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
        if (!ids.includes(slot.id)) control.setAttribute("aria-describedby", [...ids, slot.id].join(" "));
      }
      const link = document.createElement("a");
      const target = controls.find((control) => control.checked) || controls[0];
      link.href = `#${target.id || slot.id}`;
      link.textContent = `${fieldName(problem.field)}: ${reason}`;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus({ preventScroll: true });
      });
      item.append(link);
      return item;
    });
    const heading = document.createElement("p");
    heading.textContent = problems.length === 1 ? word("errorsOne") : word("errorsMany", { count: problems.length });
    const listNode = document.createElement("ul");
    listNode.append(...items);
    errors.replaceChildren(heading, listNode);
    errors.hidden = false;
    errors.focus();
  };

  const resetForm = () => {
    form.reset();
    clearErrors();
    filterCards();
    showSource();
    inputsOf("date")[0].value = today();
  };

  const endEditing = () => {
    editing = null;
    formHeading.textContent = defaultHeading;
    cancel.hidden = true;
  };

  // --- the log: kept, listed, charted -----------------------------------------------------------
  const keepLog = () => {
    if (keep.checked && !store.set(log)) {
      keep.checked = false;
      say(status, word("noStorage"));
    }
  };

  const entryItem = (entry, index) => {
    const number = index + 1;
    const item = document.createElement("li");
    item.className = "exp-entry";
    item.tabIndex = -1;
    item.dataset.index = String(index);
    const heading = document.createElement("h4");
    const card = cardTitle(entry.card);
    heading.textContent = card ? card.title : entry.card;
    const meta = document.createElement("p");
    meta.className = "exp-entry__meta";
    meta.textContent = [word("entryLabel", { number }), entry.date, card ? word("level", { level: card.level }) : word("own")].join(" · ");
    const details = document.createElement("dl");
    for (const field of fields) {
      const name = field.dataset.field;
      const value = entry[name];
      if (name === "card" || name === "date" || value === undefined) continue;
      const term = document.createElement("dt");
      term.textContent = field.dataset.term || fieldName(name);
      const detail = document.createElement("dd");
      if (typeof value === "boolean") detail.textContent = value ? word("yes") : word("no");
      else if (Array.isArray(value)) detail.textContent = value.join(", ");
      else detail.textContent = `${value}${typeof value === "number" ? field.dataset.unit || "" : ""}`;
      details.append(term, detail);
    }
    const buttons = document.createElement("p");
    buttons.className = "exp-log__buttons";
    // Each entry's button says which entry it acts on, for a screen reader's list of buttons.
    const entryButton = (action, hook) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.dataset[hook] = String(index);
      button.textContent = word(action);
      button.setAttribute("aria-label", word(`${action}Label`, { number }));
      return button;
    };
    buttons.append(entryButton("edit", "logEdit"), entryButton("delete", "logDelete"));
    item.append(heading, meta, details, buttons);
    return item;
  };

  const renderEntries = () => {
    empty.hidden = log.entries.length > 0;
    list.hidden = log.entries.length === 0;
    list.replaceChildren(...log.entries.map(entryItem));
  };

  const showFigures = (summary) => {
    for (const row of figures.querySelectorAll("[data-figure]")) {
      const value = summary[row.dataset.figure];
      row.hidden = value === null || value === undefined;
      row.querySelector("dd").textContent = row.hidden ? "" : `${value}${row.dataset.unit || ""}`;
    }
    figures.hidden = false;
  };

  const chartFigure = (chart) => {
    const figure = document.createElement("figure");
    figure.className = "exp-chart";
    // Python draws the SVG and the table and escapes every text in them (experiments.charts).
    const drawing = document.createElement("div");
    drawing.className = "exp-chart__drawing";
    drawing.innerHTML = chart.svg;
    const table = document.createElement("div");
    table.className = "exp-chart__table";
    table.tabIndex = 0;
    table.setAttribute("role", "region");
    table.setAttribute("aria-label", chart.title);
    table.innerHTML = chart.table_html;
    figure.append(drawing, table);
    return figure;
  };

  async function refreshSummary() {
    const mine = ++summaryRevision;
    if (!log.entries.length) {
      figures.hidden = true;
      charts.replaceChildren();
      say(chartsNote, word("noEntries"));
      return;
    }
    if (engine.state !== "ready") say(chartsNote, word("chartsWait"));
    let reply;
    try {
      reply = await call("summary_json", JSON.stringify(log), await cardsReady);
    } catch (error) {
      if (mine === summaryRevision) say(chartsNote, error.message);
      return;
    }
    if (mine !== summaryRevision) return; // the log changed while the engine worked
    if (!reply.ok) {
      say(chartsNote, reply.problems.map((problem) => problem.message).join(" "));
      return;
    }
    say(chartsNote, "");
    showFigures(reply.summary);
    charts.replaceChildren(...reply.charts.map(chartFigure));
  }

  const setLog = (next) => {
    log = next;
    keepLog();
    renderEntries();
    refreshSummary();
  };

  const focusEntry = (index, selector = "") => {
    const item = list.querySelector(`[data-index="${index}"]`);
    const target = item && selector ? item.querySelector(selector) : item;
    if (target) target.focus();
  };

  // --- adding, editing, deleting ----------------------------------------------------------------
  const saveButton = need("[data-log-save]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    const entry = collect();
    saveButton.disabled = true;
    let reply;
    try {
      reply = await call("check_entry_json", JSON.stringify(entry));
    } catch (error) {
      say(status, error.message);
      return;
    } finally {
      saveButton.disabled = false;
    }
    if (!reply.ok) {
      showProblems(reply.problems);
      return;
    }
    const entries = [...log.entries];
    const index = editing === null ? entries.length : editing;
    entries[index] = reply.entry;
    const message = word(editing !== null ? "updated" : keep.checked ? "added" : "addedUnkept", { number: index + 1 });
    undo.hidden = true;
    removed = null;
    endEditing();
    resetForm();
    setLog({ ...log, entries });
    say(status, message);
    focusEntry(index);
  });

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.logEdit !== undefined) {
      const index = Number(button.dataset.logEdit);
      clearErrors();
      fill(log.entries[index]);
      editing = index;
      formHeading.textContent = word("editing", { number: index + 1 });
      cancel.hidden = false;
      formHeading.scrollIntoView({ block: "start" });
      formHeading.focus({ preventScroll: true });
    } else if (button.dataset.logDelete !== undefined) {
      const index = Number(button.dataset.logDelete);
      const entries = [...log.entries];
      const [entry] = entries.splice(index, 1);
      removed = { entry, index };
      if (editing === index) {
        endEditing();
        resetForm();
      } else if (editing !== null && editing > index) {
        editing -= 1;
        formHeading.textContent = word("editing", { number: editing + 1 });
      }
      setLog({ ...log, entries });
      say(status, word("deleted", { number: index + 1 }));
      undo.hidden = false;
      undoButton.focus();
    }
  });

  cancel.addEventListener("click", () => {
    const index = editing;
    endEditing();
    resetForm();
    say(status, word("cancelled"));
    focusEntry(index, "[data-log-edit]");
  });

  undoButton.addEventListener("click", () => {
    if (!removed) return;
    const entries = [...log.entries];
    entries.splice(removed.index, 0, removed.entry);
    const { index } = removed;
    removed = null;
    undo.hidden = true;
    if (editing !== null && editing >= index) {
      editing += 1;
      formHeading.textContent = word("editing", { number: editing + 1 });
    }
    setLog({ ...log, entries });
    say(status, word("restored"));
    focusEntry(index);
  });

  // --- leaving with entries that are not kept: they would be gone, so ask first -------------------
  // The browser asks before the page unloads (a reload, closing the tab, another site); the
  // theme's instant navigation replaces the page without unloading it, so a link to another
  // page of the site asks here. Both stop once this log has left the page.
  const unkept = () => root.isConnected && log.entries.length > 0 && !keep.checked;
  let leaving = false;
  const onBeforeUnload = (event) => {
    if (!root.isConnected) {
      window.removeEventListener("beforeunload", onBeforeUnload);
      return;
    }
    if (leaving || !unkept()) return;
    event.preventDefault();
    event.returnValue = "";
  };
  const onLinkClick = (event) => {
    if (!root.isConnected) {
      document.removeEventListener("click", onLinkClick, true);
      return;
    }
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || !unkept() || event.defaultPrevented || link.hasAttribute("download")) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (link.target && link.target !== "_self") return;
    const url = new URL(link.href, location.href);
    // Another site unloads this page, and the browser asks then; a place on this page loses nothing.
    if (url.origin !== location.origin) return;
    if (url.pathname === location.pathname && url.search === location.search) return;
    if (window.confirm(word("leaveUnkept"))) {
      leaving = true;  // asked once: the browser's own question would repeat it
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  // The theme's keys for the next and previous page (n or ".", p or ",") change pages without
  // a click. Its own rule decides when a key is a shortcut: not while typing in a field (a
  // radio button takes only arrows), not while search is open. Caught first, on window's
  // capture, so that "stay" stops the theme's listener on window.
  const onShortcut = (event) => {
    if (!root.isConnected) {
      window.removeEventListener("keydown", onShortcut, true);
      return;
    }
    const rel = { n: "next", ".": "next", p: "prev", ",": "prev" }[event.key];
    if (!rel || event.metaKey || event.ctrlKey || event.altKey || !unkept()) return;
    const active = document.activeElement;
    if (active instanceof HTMLInputElement ? active.type !== "radio" : active instanceof HTMLSelectElement
      || active instanceof HTMLTextAreaElement || (active instanceof HTMLElement && active.isContentEditable)) return;
    if (document.querySelector("[data-md-toggle=search]")?.checked) return;
    if (!document.querySelector(`link[rel=${rel}]`)) return;
    if (window.confirm(word("leaveUnkept"))) {
      leaving = true;
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  window.addEventListener("beforeunload", onBeforeUnload);
  document.addEventListener("click", onLinkClick, true);
  window.addEventListener("keydown", onShortcut, true);

  // --- keeping the log: one choice; ticking keeps it, unticking deletes it ------------------------
  keep.addEventListener("change", () => {
    if (keep.checked) {
      if (!store.set(log)) {
        keep.checked = false;
        say(status, word("noStorage"));
        return;
      }
      say(status, word("kept"));
    } else {
      store.remove();
      say(status, word("unkept"));
    }
  });

  // --- files: export, import, the report ---------------------------------------------------------
  for (const button of root.querySelectorAll("[data-log-export]")) {
    button.addEventListener("click", async () => {
      const kind = button.dataset.logExport === "csv" ? "csv" : "json";
      const name = `${word("fileName")}.${kind}`;
      say(exportStatus, "");
      try {
        const reply = await call(kind === "csv" ? "export_csv" : "export_json", JSON.stringify(log));
        if (!reply.ok) throw new Error(reply.problems.map((problem) => problem.message).join(" "));
        download(reply.text, name, kind === "csv" ? "text/csv;charset=utf-8" : "application/json");
        say(exportStatus, word("saved", { name }));
      } catch (error) {
        say(exportStatus, word("exportFailed", { reason: error.message.replace(/\.$/, "") }));
      }
    });
  }

  importInput.addEventListener("change", async () => {
    const file = importInput.files && importInput.files[0];
    if (!file) return;
    let reply;
    try {
      reply = await call("merge_json", JSON.stringify(log), await file.text());
    } catch (error) {
      importReport.replaceChildren(error.message);
      importReport.focus();
      return;
    } finally {
      importInput.value = "";
    }
    const heading = document.createElement("p");
    const items = document.createElement("ul");
    const line = (text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    };
    const parts = [heading];
    if (reply.ok) {
      heading.textContent = word("imported", { added: reply.report.added });
      setLog(reply.log);
      if (reply.report.duplicates.length) {
        const note = document.createElement("p");
        note.textContent = word("duplicates", { count: reply.report.duplicates.length });
        items.append(...reply.report.duplicates.map((duplicate) => line(duplicate.message)));
        parts.push(note, items);
      }
    } else {
      // A bad file changes nothing: the log on the page stays exactly as it was.
      heading.textContent = reply.problems.length === 1 ? word("importBadOne") : word("importBad", { count: reply.problems.length });
      items.append(...reply.problems.map((problem) => line(problem.message)));
      parts.push(items);
    }
    importReport.replaceChildren(...parts);
    importReport.focus();
  });

  paper.value = defaultPaper();
  const revokeReport = () => {
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = "";
    reportLink.removeAttribute("href");
    reportLink.removeAttribute("download");
    reportOpen.hidden = true;
  };
  reportButton.addEventListener("click", async () => {
    const chosen = paper.value;
    reportButton.disabled = true;
    revokeReport();
    say(reportStatus, word("making"));
    try {
      words ??= await fetch(dataUrl(word("wordsFile"))).then((response) => {
        if (!response.ok) throw new Error(`${word("wordsFile")} (HTTP ${response.status})`);
        return response.text();
      });
      const request = JSON.stringify({ log, paper: chosen });
      const args = [await cardsReady, words, request];
      const { bytes } = await ask("call", { module: REPORT_MODULE, function: REPORT_FUNCTION, args }, REPORT_LIMIT_MS, "call");
      reportUrl = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
      reportLink.href = reportUrl;
      reportLink.download = `${word("reportName")}-${chosen}.pdf`;
      reportOpen.hidden = false;
      reportLink.click();
      say(reportStatus, word("reportReady"));
    } catch (error) {
      say(reportStatus, word("reportFailed", { reason: error.message.replace(/\.$/, "") }));
    } finally {
      reportButton.disabled = false;
    }
  });

  // --- start --------------------------------------------------------------------------------------
  const kept = store.get();
  keep.checked = Boolean(kept);
  if (kept) log = kept;
  if (!store.available()) {
    keep.disabled = true;
    say(status, word("noStorage"));
  }
  resetForm();
  renderEntries();
  startEngine();
  renderEngine();
  refreshSummary();
}
