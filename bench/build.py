"""`mkdocs build` time for the site, and for the same site with 10× the cards.

Both builds run from copies of the project in a temp dir (so other people's edits
to the working tree can't land between runs, and nothing is written into it),
with the same command, the same Pyodide cache, alternating, and report medians.
The 10× copy repeats every card nine more times under new ids ('<id>-copy-N') and short titles.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.site import ROOT
from generator.precompress import CACHE_FOLDER
from generator.pyodide_runtime import cache_root

# Top-level folders that are not the project's source: environments, caches, builds,
# and this benchmark (its results may sit inside it).
SKIP_TOP = {".git", ".venv", ".cache", "site", "site.old", "bench", "test-results", "node_modules"}
SKIP_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache", ".hypothesis")


def _skip(folder: str, names: list[str]) -> set[str]:
    skipped = set(SKIP_ANYWHERE(folder, names))
    if Path(folder).resolve() == ROOT:
        skipped |= {name for name in names if name in SKIP_TOP or name.startswith(".site-build-")}
    return skipped


FACTOR = 10
TIMEOUT_S = 900


def _multiply_cards(project: Path, factor: int) -> int:
    path = project / "content" / "cards.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cards = data["cards"]
    # Titles must stay unique too: the content check rejects two cards with one title. A copy's
    # title is short ("Copy 10 of 98"), so it never takes a second line: a card whose text only
    # just fits would no longer fit the printed card with a longer title ("… (10)"), and the
    # build refuses a card that does not fit.
    copies = [
        {**card, "id": f"{card['id']}-copy-{n}", "title": f"Copy {n} of {index}"}
        for n in range(2, factor + 1)
        for index, card in enumerate(cards, start=1)
    ]
    data["cards"] = cards + copies
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return len(data["cards"])


def _count_cards(project: Path) -> int:
    return len(yaml.safe_load((project / "content" / "cards.yml").read_text(encoding="utf-8"))["cards"])


def _build_seconds(project: Path, out: Path, cache: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        # The copy's own packages, and the runtime cache filled once for both copies.
        "PYTHONPATH": str(project),
        "CONTENT_SITE_CACHE": str(cache),
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.yml", "-d", str(out)]
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{(result.stdout + result.stderr).strip()[-1500:]}")
    return seconds


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        # Copy the fetched Pyodide runtime and wheels: builds then need no network,
        # and the wheels of our own packages are written here, not into .cache/.
        cache = work / "cache"
        cache.mkdir()
        for runtime in cache_root(ROOT).glob("pyodide-*"):
            shutil.copytree(runtime, cache / runtime.name)
        # And the precompressed files: brotli at quality 11 on the 10 MB wasm would otherwise
        # land in the first build's time. Pages new to the cache (the 10x cards') are
        # compressed in their first build, and found in the cache by its repeats, as on a
        # developer's machine.
        precompressed = cache_root(ROOT) / CACHE_FOLDER
        if precompressed.is_dir():
            shutil.copytree(precompressed, cache / CACHE_FOLDER)
        projects = {"1x": work / "base", f"{FACTOR}x": work / f"x{FACTOR}"}
        for project in projects.values():
            shutil.copytree(ROOT, project, ignore=_skip)
        cards = {"1x": _count_cards(projects["1x"]), f"{FACTOR}x": _multiply_cards(projects[f"{FACTOR}x"], FACTOR)}
        times: dict[str, list[float]] = {name: [] for name in projects}
        for index in range(repeats):
            order = list(projects) if index % 2 == 0 else list(reversed(projects))
            for name in order:
                times[name].append(_build_seconds(projects[name], work / f"out-{name}", cache))
                print(f"  build {name}: {times[name][-1]:.1f} s", flush=True)
    base, scaled = statistics.median(times["1x"]), statistics.median(times[f"{FACTOR}x"])
    return {
        "factor": FACTOR,
        "cards": cards,
        "base_s": [round(value, 2) for value in times["1x"]],
        "scaled_s": [round(value, 2) for value in times[f"{FACTOR}x"]],
        "base_median_s": round(base, 2),
        "scaled_median_s": round(scaled, 2),
        "ratio": round(scaled / base, 2),
    }
