"""First-visit time to ready on a throttled link, next to its floor (bytes ÷ bandwidth).

Chrome DevTools Protocol's Network.emulateNetworkConditions holds the page, and the worker it
starts, to 1.6 Mbit/s down with 150 ms latency: a slow mobile link, the one on which the first
release's fixed 45 s deadline killed a download that was still arriving. Time to ready is read
from the page itself (its status line says "ready"), so no test hook is involved. The floor is
every byte the visit transferred divided by the bandwidth: no page can be ready sooner.
"""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Browser, Request

DOWN_KBIT = 1600
UP_KBIT = 750
LATENCY_MS = 150
TIMEOUT_MS = 600_000


def run(browser: Browser, base_url: str) -> dict[str, Any]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": LATENCY_MS,
                "downloadThroughput": DOWN_KBIT * 1000 / 8,
                "uploadThroughput": UP_KBIT * 1000 / 8,
            },
        )
        finished: list[Request] = []
        page.on("requestfinished", lambda request: finished.append(request))
        started = time.monotonic()
        page.goto(base_url + "self-assessment/", wait_until="commit")
        page.wait_for_function(
            """() => {
                const status = document.querySelector("[data-quiz-status]");
                const failure = document.querySelector("[data-quiz-failure]");
                return (status && status.textContent.includes("ready")) || (failure && !failure.hidden);
            }""",
            polling=200,
        )
        ready_s = time.monotonic() - started
        failed = page.evaluate("() => !document.querySelector('[data-quiz-failure]').hidden")
        if failed:
            reason = page.locator("[data-failure-reason]").inner_text()
            raise RuntimeError(f"the engine failed on the throttled link: {reason}")
        total = 0
        for request in finished:
            sizes = request.sizes()
            body = sizes["responseBodySize"]
            response = request.response()
            if body <= 0 and response is not None and request.url.endswith("quiz-worker.mjs"):
                # Chromium fetches a worker's main script in the browser process and reports no
                # body size for it; the context is fresh, so it did cross the wire.
                body = int(response.headers.get("content-length", "0"))
            total += max(0, sizes["responseHeadersSize"]) + max(0, body)
    finally:
        context.close()
    floor_s = total / (DOWN_KBIT * 1000 / 8)
    print(f"  throttled: ready in {ready_s:.1f} s, floor {floor_s:.1f} s ({total} B)", flush=True)
    return {
        "down_kbit": DOWN_KBIT,
        "latency_ms": LATENCY_MS,
        "ready_s": round(ready_s, 1),
        "bytes": total,
        "floor_s": round(floor_s, 1),
        "ratio": round(ready_s / floor_s, 2) if floor_s else None,
    }
