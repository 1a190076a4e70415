"""Bytes transferred for a first and a repeat visit to the quiz, until its engine is ready.

A persistent profile in a temp dir stands in for a real visitor's browser: its
HTTP cache lives on disk, as a normal profile's does. (An incognito context's
cache is in memory and, as measured here, does not keep the 9.6 MB
pyodide.asm.wasm, so a repeat visit there downloads it again.)

The count is Chromium's encodedDataLength (headers plus body as they crossed the
wire, 0 for a memory- or disk-cache hit, headers only for a 304), which
Playwright reports as responseHeadersSize + responseBodySize, for every request
of the page and of its workers.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, Playwright, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.site import chromium_flags, chromium_path
from devtools.site import ENGINE_HOOK

TIMEOUT_MS = 90_000


def _transferred(request: Request, cold: bool) -> tuple[int, int | None]:
    sizes = request.sizes()
    response = request.response()
    status = response.status if response else None
    counted = max(0, sizes["responseHeadersSize"] + sizes["responseBodySize"])
    if cold and response is not None and sizes["responseBodySize"] <= 0:
        # Chromium fetches a worker's main script in the browser process and reports
        # no body size for it; with a cold cache nothing can come from the cache, so
        # the body that crossed the wire is the Content-Length our server sent.
        counted = max(0, sizes["responseHeadersSize"]) + int(response.headers.get("content-length", "0"))
    return counted, status


def _visit(context: BrowserContext, url: str, cold: bool) -> dict[str, Any]:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    finished: list[Request] = []
    # A plain function: Playwright tags handlers with an attribute, which built-ins refuse.
    page.on("requestfinished", lambda request: finished.append(request))
    started = time.monotonic()
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.quizEngine !== undefined")
    page.evaluate("() => window.quizEngine.call('ready')")
    ready_s = time.monotonic() - started
    # Let any response still in flight when the engine answered finish and be counted.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=10_000)
    requests = []
    for request in list(finished):
        if request.url.startswith(("data:", "blob:")):
            continue
        counted, status = _transferred(request, cold)
        requests.append({"path": urlparse(request.url).path, "status": status, "bytes": counted})
    page.close()
    return {
        "bytes": sum(item["bytes"] for item in requests),
        "requests": len(requests),
        "ready_s": round(ready_s, 2),
        "detail": sorted(requests, key=lambda item: -item["bytes"]),
    }


def run(playwright: Playwright, base_url: str) -> dict[str, Any]:
    url = base_url + "self-assessment/"
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=chromium_flags()
        )
        context.add_init_script(path=str(ENGINE_HOOK))
        try:
            first = _visit(context, url, cold=True)
            # The disk cache writes entries asynchronously; give it a moment before coming back.
            time.sleep(2)
            repeat = _visit(context, url, cold=False)
        finally:
            context.close()
    print(f"  transfer: first {first['bytes']} B, repeat {repeat['bytes']} B", flush=True)
    return {"first": first, "repeat": repeat}
