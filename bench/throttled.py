"""A first visit on a throttled link, with and without compression, next to its floors.

A fresh context, with service workers allowed, is held to 1.6 Mbit/s down with 150 ms latency
(bench/network.py): the page, the quiz worker it starts, and the service worker, which
registers after the page's load event and the engine's download and then fetches the rest of
the site. Two moments are timed from navigation:

- ready: the page's own status line says the engine is ready (no test hook); its floor is the
  bytes the page and its workers transferred until then, divided by the bandwidth.
- offline copy complete: the service worker is active, which it becomes only after storing
  every file of the site; its floor is every byte of the visit (the page's and the service
  worker's own) divided by the bandwidth. A person on a slow link pays for these too.

Each is run against the same build served twice: as it is, and with the build's precompressed
siblings (what a host that serves them sends). No page can be ready sooner than its floor.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from bench.network import SLOW_LINK, Link, Tally, throttle, wait_offline_copy, wait_ready
from bench.site import served

TIMEOUT_MS = 900_000


def _visit(browser: Browser, base_url: str, link: Link) -> dict[str, Any]:
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        tally = Tally(cold=True)
        tally.listen(context)
        throttled = throttle(context, page, link)
        started = time.monotonic()
        page.goto(base_url + "self-assessment/", wait_until="commit")
        wait_ready(page)
        ready_at = time.monotonic()
        files = wait_offline_copy(page, TIMEOUT_MS)
        complete_at = time.monotonic()
        ready_bytes = tally.page_bytes(until=ready_at)
        all_bytes = tally.page_bytes() + tally.worker_bytes()
        return {
            "ready_s": round(ready_at - started, 1),
            "ready_bytes": ready_bytes,
            "ready_requests": tally.page_requests(until=ready_at),
            "ready_floor_s": round(ready_bytes / link.bytes_per_s, 1),
            "offline_copy_s": round(complete_at - started, 1),
            "offline_copy_bytes": all_bytes,
            "offline_copy_floor_s": round(all_bytes / link.bytes_per_s, 1),
            "service_worker_bytes": tally.worker_bytes(),
            "service_worker_requests": len(tally.worker),
            "offline_files": files,
            # Whether the service worker's downloads shared the slow link (see network.throttle).
            "service_worker_throttled": "service_worker" in throttled,
        }
    finally:
        context.close()


def run(browser: Browser, site: Path) -> dict[str, Any]:
    link = SLOW_LINK
    results: dict[str, Any] = {"down_kbit": link.down_kbit, "latency_ms": link.latency_ms}
    for name, compressed in (("raw", False), ("brotli", True)):
        with served(site, compressed=compressed) as base_url:
            visit = _visit(browser, base_url, link)
        visit["ready_ratio"] = round(visit["ready_s"] / visit["ready_floor_s"], 2) if visit["ready_floor_s"] else None
        results[name] = visit
        print(
            f"  throttled {name}: ready {visit['ready_s']} s (floor {visit['ready_floor_s']} s, "
            f"{visit['ready_bytes']} B); offline copy {visit['offline_copy_s']} s "
            f"(floor {visit['offline_copy_floor_s']} s, {visit['offline_copy_bytes']} B)",
            flush=True,
        )
    return results
