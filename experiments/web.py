"""The browser's entry points: JSON text in, JSON text out.

Strings are the one thing that crosses the Pyodide boundary without proxies to free, and a
problem with a log is an expected reply, not an exception, so the page never has to parse a
Python error to tell someone which entry and field to fix. Every reply is an object with
``"ok"``; when it is false, ``"problems"`` lists ``{index, line, field, message}`` (see
:class:`experiments.errors.Problem`), and ``message`` is ready to show.

``cards_json`` is the site's ``cards.json`` (its ``cards`` give each card's level, for the
breakdown by level, and its title, for the charts' tables); pass ``""`` where there is none.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from experiments import store
from experiments.charts import charts
from experiments.errors import LogError, Problem
from experiments.levels import levels_from, titles_from
from experiments.parse import entry_from, parse, parse_json
from experiments.summary import summarise


def _reply(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def _refused(problems: tuple[Problem, ...] | list[Problem], **more: Any) -> str:
    return _reply({"ok": False, "problems": [problem.to_json() for problem in problems], **more})


@functools.lru_cache(maxsize=2)
def _cards(cards_json: str) -> tuple[dict[str, int] | None, dict[str, str]]:
    if not cards_json:
        return None, {}
    data = parse_json(cards_json)
    return levels_from(data), titles_from(data)


def summary_json(log_json: str, cards_json: str = "") -> str:
    """{"ok": true, "summary": {...}, "charts": [{id, title, description, svg, table,
    table_html}]} for a log; the summary is :func:`experiments.summary.summarise`'s."""
    try:
        log = parse(log_json)
    except LogError as error:
        return _refused(error.problems)
    levels, titles = _cards(cards_json)
    summary = summarise(log.entries, levels)
    return _reply({"ok": True, "summary": summary, "charts": [c.to_json() for c in charts(summary, titles=titles)]})


def check_entry_json(entry_json: str) -> str:
    """One entry from the page's form: {"ok": true, "entry": {...}} with the entry as the
    contract writes it, or the problems, each naming its field."""
    try:
        entry = entry_from(parse_json(entry_json))
    except LogError as error:
        return _refused(error.problems)
    return _reply({"ok": True, "entry": entry.to_json()})


def merge_json(existing_json: str, incoming_text: str) -> str:
    """Import a file into the kept log. {"ok": true, "log": {...merged...}, "report": {added,
    duplicates}} or, for a file with any problem, {"ok": false, "problems": [...], "log":
    {...unchanged...}}: a bad import changes nothing."""
    try:
        existing = parse(existing_json)
    except LogError as error:
        return _refused(error.problems, stored=True)
    merged, report = store.merge(existing, incoming_text)
    if not report.ok:
        return _refused(report.problems, log=existing.to_json())
    return _reply({"ok": True, "log": merged.to_json(), "report": report.to_json()})


def export_json(log_json: str) -> str:
    """{"ok": true, "text": the log as the contract's JSON text, to save as a file}."""
    try:
        return _reply({"ok": True, "text": store.export_json(parse(log_json))})
    except LogError as error:
        return _refused(error.problems)


def export_csv(log_json: str) -> str:
    """{"ok": true, "text": the log as CSV, one row per entry}."""
    try:
        return _reply({"ok": True, "text": store.export_csv(parse(log_json))})
    except LogError as error:
        return _refused(error.problems)
