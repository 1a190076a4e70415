"""Turn raw measurements into rows with targets, a Markdown report and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.lighthouse import CATEGORIES, MATCHED, PAGES, PRESETS

# The targets of issue 5, in one place.
LIGHTHOUSE_MIN = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
READY_RATIO_MAX = 1.15
RESULT_P95_MAX_MS = 100.0
REPEAT_DECK_MAX_MS = 200.0
BUILD_RATIO_MAX = 10.0
# Issue 12: a repeat visit with the offline copy downloads none of the runtime.
REPEAT_RUNTIME_MAX_BYTES = 0

CATEGORY_LABELS = {"performance": "Performance", "accessibility": "Accessibility",
                   "best-practices": "Best practices", "seo": "SEO"}  # fmt: skip


@dataclass
class Row:
    figure: str
    value: str
    target: str = ""
    status: str = ""  # PASS, MISS, ERROR, or "" for a figure without a target


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def ms(value: float) -> str:
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def size(value: int) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.2f} MB ({value:,} B)"
    if value >= 1_000:
        return f"{value / 1_000:.1f} kB ({value:,} B)"
    return f"{value:,} B"


def lighthouse_table(lighthouse: dict[str, Any] | None, verdicts: bool = True) -> list[list[str]]:
    """One row per page of one preset: each category's score with its verdict (performance: the
    median run's, with every run's score), then the paint metrics the performance score weighs
    most (of the median run). ``verdicts=False`` for figures without a target (``MATCHED``)."""
    rows = []
    for name, path in PAGES.items():
        page = (lighthouse or {}).get(name)
        cells = [f"{name} (`/{path}`)"]
        for category in CATEGORIES:
            score = page.get("scores", {}).get(category) if page else None
            if score is None:
                cells.append("ERROR" if page else "not run")
            else:
                cell = f"{score} {_verdict(score >= LIGHTHOUSE_MIN[category])}" if verdicts else str(score)
                runs = page.get("performance_runs") or [] if category == "performance" else []
                if len(runs) > 1:
                    # The score is the median run's; every run's shows how far one run is from the next.
                    cell += f" (median of {', '.join('–' if run is None else str(run) for run in runs)})"
                cells.append(cell)
        metrics = page.get("metrics", {}) if page else {}
        cells.append(" · ".join(metrics.get(key, "–") or "–" for key in PAINT_METRICS))
        rows.append(cells)
    return rows


PAINT_METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")


def _startup_rows(startup: dict[str, Any]) -> list[Row]:
    rows = []
    labels = {
        "page": "from navigation, /self-assessment/ vs a bare-Pyodide page",
        "worker": "fresh worker: quiz-worker.mjs vs a bare-Pyodide worker",
    }
    for view in ("page", "worker"):
        data = startup[view]
        n = startup["runs_each"]
        rows.append(Row(f"Quiz ready, {labels[view]} (median of {n})", ms(data["quiz_median_ms"])))
        rows.append(Row(f"Bare Pyodide ready, {view} (median of {n})", ms(data["bare_median_ms"])))
        rows.append(
            Row(
                f"Quiz ÷ bare Pyodide, {view}",
                f"{data['ratio']:.2f}×",
                f"≤ {READY_RATIO_MAX:.2f}×",
                _verdict(data["ratio"] <= READY_RATIO_MAX),
            )
        )
    return rows


def _latency_rows(latency: dict[str, Any]) -> list[Row]:
    rows = []
    for key, label in (("engine", "assess() round trip"), ("dom", "click Submit → result shown")):
        data = latency[key]
        rows.append(Row(f"Submit → result, {label}, median of {data['n']}", ms(data["median_ms"])))
        rows.append(
            Row(
                f"Submit → result, {label}, p95 of {data['n']}",
                ms(data["p95_ms"]),
                f"< {RESULT_P95_MAX_MS:.0f} ms",
                _verdict(data["p95_ms"] < RESULT_P95_MAX_MS),
            )
        )
    return rows


def _deck_browser_rows(deck: dict[str, Any]) -> list[Row]:
    n = len(deck["repeat_ms"])
    return [
        Row("Deck PDF in the browser, first (loads fpdf2)", ms(deck["first_ms"])),
        Row(
            f"Deck PDF in the browser, repeat (median of {n})",
            f"{ms(deck['repeat_median_ms'])} (render {ms(deck['repeat_render_median_ms'])})",
            f"< {REPEAT_DECK_MAX_MS:.0f} ms",
            _verdict(deck["repeat_median_ms"] < REPEAT_DECK_MAX_MS),
        ),
    ]


def _deck_cpython_rows(deck: dict[str, Any]) -> list[Row]:
    return [Row(f"Deck PDF in CPython (median of {len(deck['samples_ms'])}, after warm-up)", ms(deck["median_ms"]))]


def _transfer_rows(transfer: dict[str, Any]) -> list[Row]:
    raw, first, repeat = transfer["raw"], transfer["first"], transfer["repeat"]
    return [
        Row(f"Bytes, first visit to the quiz until ready, raw ({raw['requests']} requests)", size(raw["bytes"])),
        Row(f"Bytes, first visit to the quiz until ready, brotli ({first['requests']} requests)",
            f"{size(first['bytes'])}, {first['bytes'] / raw['bytes']:.0%} of raw"),
        Row(f"Bytes, repeat visit with the HTTP cache only, brotli ({repeat['requests']} requests)",
            size(repeat["bytes"])),
    ]  # fmt: skip


def _throttled_rows(throttled: dict[str, Any]) -> list[Row]:
    link = f"{throttled['down_kbit'] / 1000:.1f} Mbit/s, {throttled['latency_ms']} ms"
    rows = []
    for name in ("raw", "brotli"):
        visit = throttled[name]
        worker = "throttled too" if visit["service_worker_throttled"] else "NOT throttled"
        rows += [
            Row(f"First visit ({link}), {name}: time to ready / floor ({size(visit['ready_bytes'])})",
                f"{visit['ready_s']:.1f} s / {visit['ready_floor_s']:.1f} s ({visit['ready_ratio']:.2f}×)"),
            Row(f"First visit ({link}), {name}: offline copy complete / floor "
                f"({size(visit['offline_copy_bytes'])}, service worker {worker})",
                f"{visit['offline_copy_s']:.1f} s / {visit['offline_copy_floor_s']:.1f} s"),
        ]  # fmt: skip
    return rows


def _offline_rows(offline: dict[str, Any]) -> list[Row]:
    first, repeat = offline["first"], offline["repeat"]
    return [
        Row(f"Offline copy: the service worker's downloads ({first['service_worker_requests']} requests, "
            f"{first['offline_files']} files kept)", size(first["service_worker_bytes"])),
        Row("First visit until the offline copy is complete, all bytes (brotli)", size(first["total_bytes"])),
        Row(f"Repeat visit with the offline copy: network bytes ({repeat['requests']} requests)",
            size(repeat["bytes"])),
        Row("Repeat visit with the offline copy: runtime bytes (/pyodide/)", size(repeat["runtime_bytes"]),
            f"{REPEAT_RUNTIME_MAX_BYTES} B", _verdict(repeat["runtime_bytes"] <= REPEAT_RUNTIME_MAX_BYTES)),
        Row("Repeat visit with the offline copy: time to ready", f"{repeat['ready_s']:.1f} s"),
        Row("Server stopped: time to ready from the offline copy", f"{offline['offline']['ready_s']:.1f} s"),
    ]  # fmt: skip


def _cli_rows(cli: dict[str, Any]) -> list[Row]:
    return [
        Row(f"Quiz CLI on a {cli['input_mb']} MB input: time (exit {cli['exit']})", f"{cli['seconds']:.2f} s"),
        Row(f"Quiz CLI on a {cli['input_mb']} MB input: peak memory", f"{cli['peak_mib']:.0f} MiB"),
    ]


def _build_rows(build: dict[str, Any]) -> list[Row]:
    n = len(build["base_s"])
    factor = build["factor"]
    return [
        Row(f"mkdocs build, site ({build['cards']['1x']} cards, median of {n})", f"{build['base_median_s']:.1f} s"),
        Row(
            f"mkdocs build, {factor}× cards ({build['cards'][f'{factor}x']} cards, median of {n})",
            f"{build['scaled_median_s']:.1f} s",
        ),
        Row(
            f"Build time ratio, {factor}× cards ÷ site",
            f"{build['ratio']:.2f}×",
            f"< {BUILD_RATIO_MAX:.0f}×",
            _verdict(build["ratio"] < BUILD_RATIO_MAX),
        ),
    ]


SECTIONS: dict[str, tuple[str, Callable[[dict[str, Any]], list[Row]]]] = {
    "startup": ("Pyodide start-up", _startup_rows),
    "latency": ("Submit → result latency", _latency_rows),
    "deck_browser": ("Deck PDF in the browser", _deck_browser_rows),
    "deck_cpython": ("Deck PDF in CPython", _deck_cpython_rows),
    "transfer": ("Bytes transferred", _transfer_rows),
    "throttled": ("Throttled first visit", _throttled_rows),
    "offline": ("Offline copy", _offline_rows),
    "cli": ("Quiz CLI, hostile input", _cli_rows),
    "build": ("Build scaling", _build_rows),
}


def figure_rows(results: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    errors = results.get("errors", {})
    for key, (label, make) in SECTIONS.items():
        if key in errors:
            rows.append(Row(label, errors[key].splitlines()[0][:160], "", "ERROR"))
        elif key in results:
            rows.extend(make(results[key]))
    return rows


def misses(results: dict[str, Any]) -> list[str]:
    """Every target missed, with what Lighthouse blamed, for the closing note."""
    notes = []
    if "lighthouse" in results.get("errors", {}):
        notes.append(f"Lighthouse: {results['errors']['lighthouse'][:300]} (ERROR)")
    for preset, pages in (results.get("lighthouse") or {}).items():
        if preset == MATCHED:
            continue  # a figure beside the preset, without a target of its own
        for name, page in pages.items():
            if "error" in page:
                notes.append(f"Lighthouse {preset} {name}: {page['error'][:300]}")
                continue
            for category in CATEGORIES:
                score = page["scores"].get(category)
                if score is not None and score < LIGHTHOUSE_MIN[category]:
                    audits = ", ".join(
                        f"`{audit['id']}` ({audit['score']}{', ' + audit['value'] if audit['value'] else ''})"
                        for audit in page["failing_audits"][category]
                    )
                    notes.append(
                        f"Lighthouse {preset} {name} {category} {score} < {LIGHTHOUSE_MIN[category]}: {audits}"
                    )
    for row in figure_rows(results):
        if row.status in ("MISS", "ERROR"):
            notes.append(f"{row.figure}: {row.value} ({row.status}{', target ' + row.target if row.target else ''})")
    return notes


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _lighthouse_section(results: dict[str, Any], preset: str) -> str:
    if "lighthouse" in results.get("errors", {}):
        return "ERROR: " + results["errors"]["lighthouse"].splitlines()[0][:300]
    if "lighthouse" not in results:
        return "Not run this time."
    header = ["page", *(CATEGORY_LABELS[category] for category in CATEGORIES), "FCP · LCP · TBT"]
    pages = results["lighthouse"].get(preset) or {}
    table = _table(header, lighthouse_table(pages, verdicts=preset != MATCHED))
    indexes = sorted(index for page in pages.values() for index in page.get("benchmark_indexes") or [])
    if not indexes:
        return table
    # Lighthouse warns below 1000: its mobile figures assume a faster machine slowed 4×.
    spread = f"{indexes[0]:.0f}" if round(indexes[0]) == round(indexes[-1]) else f"{indexes[0]:.0f}–{indexes[-1]:.0f}"
    return f"{table}\n\nLighthouse's benchmark index of this machine: {spread}."


def markdown(results: dict[str, Any]) -> str:
    env = results["environment"]
    parts = [
        f"## Benchmark, {results['started']}",
        "",
        f"Chromium {env.get('chromium', '?')} · Lighthouse {env.get('lighthouse', '?')} · "
        f"Python {env.get('python', '?')} · {env.get('cpus', '?')} CPUs · "
        f"load average {env.get('loadavg_start', '?')} at start, {env.get('loadavg_end', '?')} at end · "
        f"whole run {results.get('duration_s', '?')} s",
        "",
        "Lighthouse targets, each preset: performance ≥ 95; accessibility, best practices and SEO 100.",
    ]
    for preset in PRESETS:
        parts += ["", f"### Lighthouse ({preset} preset)", "", _lighthouse_section(results, preset)]
    if MATCHED in (results.get("lighthouse") or {}):
        slowdowns = {page["cpu_slowdown"] for page in results["lighthouse"][MATCHED].values() if "cpu_slowdown" in page}
        slowdown = f"{slowdowns.pop():.1f}×" if len(slowdowns) == 1 else "not worked out"
        parts += [
            "",
            f"### Lighthouse (mobile preset, CPU slowdown matched to this machine: {slowdown})",
            "",
            "The preset's 4× stands for a mid-range phone only on a host as fast as Lighthouse assumes. "
            "This slowdown comes from Lighthouse's CPU throttling calculator and the median benchmark "
            "index of the mobile runs. A figure beside the preset, without a target of its own.",
            "",
            _lighthouse_section(results, MATCHED),
        ]
    parts += [
        "",
        "### Quiz, deck and build",
        "",
        _table(["figure", "value", "target", "result"], [list(asdict(row).values()) for row in figure_rows(results)]),
    ]
    notes = misses(results)
    parts += ["", "### Missed targets", ""]
    parts += [f"- {note}" for note in notes] if notes else ["None."]
    return "\n".join(parts) + "\n"


def write(results: dict[str, Any], out_dir: Path, stem: str) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results["targets"] = [asdict(row) for row in figure_rows(results)]
    results["lighthouse_targets"] = LIGHTHOUSE_MIN
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return json_path, md_path
