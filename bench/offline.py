"""The offline copy: what it costs to make, what it saves on a repeat visit, and how fast the
self-check starts with no server at all.

One persistent profile (as a real visitor's browser keeps it), service workers allowed, the
build served with its precompressed siblings:

1. first visit to /self-assessment/: bytes until the engine is ready, then until the offline
   copy is complete (the service worker is active, which it becomes only after storing every
   file of the site); the service worker's own downloads are counted apart;
2. repeat visit in a new tab: every byte that still used the network, and those of the
   runtime (files under /pyodide/) alone, whose target is 0;
3. the server is stopped, and /self-assessment/ opens in a new tab: the time until the
   page's status line says ready, every file coming from the offline copy.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Playwright

from bench.network import Tally, wait_offline_copy, wait_ready
from bench.site import chromium_flags, chromium_path, served
from devtools.site import server_is_gone

TIMEOUT_MS = 300_000
RUNTIME = "/pyodide/"


def _first(context: BrowserContext, url: str) -> dict[str, Any]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tally = Tally(cold=True)
    tally.listen(context)
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    wait_ready(page)
    ready_at = time.monotonic()
    files = wait_offline_copy(page, TIMEOUT_MS)
    complete_at = time.monotonic()
    figures = {
        "ready_s": round(ready_at - started, 2),
        "ready_bytes": tally.page_bytes(until=ready_at),
        "offline_copy_s": round(complete_at - started, 2),
        "page_bytes": tally.page_bytes(),
        "service_worker_bytes": tally.worker_bytes(),
        "service_worker_requests": len(tally.worker),
        "offline_files": files,
        "total_bytes": tally.page_bytes() + tally.worker_bytes(),
    }
    page.close()
    return figures


def _repeat(context: BrowserContext, url: str) -> dict[str, Any]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tally = Tally(cold=False)
    tally.listen(context)
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    wait_ready(page)
    ready_s = time.monotonic() - started
    network = tally.detail()
    page.close()
    runtime = [row for row in network if RUNTIME in row["path"]]
    return {
        "ready_s": round(ready_s, 2),
        "bytes": sum(row["bytes"] for row in network),
        "requests": len(network),
        "runtime_bytes": sum(row["bytes"] for row in runtime),
        "runtime_requests": len(runtime),
        "detail": network,
    }


def _offline(context: BrowserContext, url: str) -> dict[str, Any]:
    if not server_is_gone(url):
        raise RuntimeError(f"the server at {url} still answers; the offline figure would not be offline")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    wait_ready(page)
    ready_s = time.monotonic() - started
    page.close()
    return {"ready_s": round(ready_s, 2)}


def run(playwright: Playwright, site: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=chromium_flags(), service_workers="allow"
        )
        try:
            with served(site, compressed=True) as base_url:
                url = base_url + "self-assessment/"
                first = _first(context, url)
                repeat = _repeat(context, url)
            offline = _offline(context, url)
        finally:
            context.close()
    print(
        f"  offline: copy {first['service_worker_bytes']} B by the worker, {first['total_bytes']} B in all; "
        f"repeat {repeat['bytes']} B ({repeat['runtime_bytes']} B runtime); offline ready {offline['ready_s']} s",
        flush=True,
    )
    return {"first": first, "repeat": repeat, "offline": offline}
