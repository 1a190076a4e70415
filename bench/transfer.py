"""Bytes transferred for a first visit to the quiz until its engine is ready, raw and brotli,
and for a repeat visit that has only the HTTP cache.

The same build is served twice: with every file as it is (raw) and with the build's
precompressed siblings (brotli, what a host that serves them sends). Service workers are
blocked here, so these are the bytes of the page and its workers alone, and the repeat visit
shows what the HTTP cache saves; bench/offline.py measures the same visits with the offline
copy.

A persistent profile in a temp dir stands in for a real visitor's browser: its HTTP cache
lives on disk, as a normal profile's does. (An incognito context's cache is in memory and,
as measured here, does not keep the 9.6 MB pyodide.asm.wasm, so a repeat visit there
downloads it again.) Bytes are counted as bench/network.py says, for every request of the
page and of its workers.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.network import Tally, wait_ready
from bench.site import chromium_flags, chromium_path, served

TIMEOUT_MS = 180_000


def _visit(context: BrowserContext, url: str, cold: bool) -> dict[str, Any]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tally = Tally(cold=cold)
    tally.listen(context)
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    wait_ready(page)
    ready_s = time.monotonic() - started
    # Let any response still in flight when the engine answered finish and be counted.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=10_000)
    figures = {
        "bytes": tally.page_bytes(),
        "requests": tally.page_requests(),
        "ready_s": round(ready_s, 2),
        "detail": tally.detail(),
    }
    page.close()
    return figures


def _profile_visits(playwright: Playwright, site: Path, compressed: bool, repeat: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile, served(site, compressed=compressed) as url:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=chromium_flags(), service_workers="block"
        )
        try:
            visits = {"first": _visit(context, url + "self-assessment/", cold=True)}
            if repeat:
                # The disk cache writes entries asynchronously; give it a moment before coming back.
                time.sleep(2)
                visits["repeat"] = _visit(context, url + "self-assessment/", cold=False)
        finally:
            context.close()
    return visits


def run(playwright: Playwright, site: Path) -> dict[str, Any]:
    raw = _profile_visits(playwright, site, compressed=False, repeat=False)
    brotli = _profile_visits(playwright, site, compressed=True, repeat=True)
    print(
        f"  transfer: first raw {raw['first']['bytes']} B, brotli {brotli['first']['bytes']} B; "
        f"repeat {brotli['repeat']['bytes']} B",
        flush=True,
    )
    return {"raw": raw["first"], "first": brotli["first"], "repeat": brotli["repeat"]}
