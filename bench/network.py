"""What crosses the wire, a throttled link, and the waits the network figures share.

Bytes are Chromium's encodedDataLength (headers plus body as they crossed the wire; 0 for a
cache hit, headers only for a 304), which Playwright reports as responseHeadersSize +
responseBodySize. A request is on the network unless the page's service worker answered it
from its own copy; what the service worker itself fetches is a request of its own, reported
on the context with ``request.service_worker`` set.

A throttled link is Chrome DevTools Protocol's Network.emulateNetworkConditions. On a page it
holds the page and the dedicated workers the page starts, but not the service worker, which is
a target of its own: `throttle` also auto-attaches to every service worker the page starts,
paused before its first line runs, and throttles it before letting it go, so the offline
copy's downloads share the same slow link as the page's.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, CDPSession, Page, Request

# The page's own status line says when the engine is ready, so no test hook is involved.
READY_JS = """() => {
    const status = document.querySelector("[data-quiz-status]");
    const failure = document.querySelector("[data-quiz-failure]");
    return (status && status.textContent.includes("ready")) || (failure && !failure.hidden);
}"""
FAILED_JS = "() => !document.querySelector('[data-quiz-failure]').hidden"

# The offline copy is complete once this site's worker is active: the browser activates it
# only after its install step has stored and checked every file the build lists.
OFFLINE_COPY_JS = """async () => {
    const done = navigator.serviceWorker.getRegistration().then((registration) =>
        !!(registration && registration.active && registration.active.state === "activated"
           && navigator.serviceWorker.controller));
    // A registration held up (a worker target paused for the debugger) answers "not yet",
    // so the poll goes on instead of hanging.
    return Promise.race([done, new Promise((resolve) => setTimeout(() => resolve(false), 2000))]);
}"""
# How many files the offline copy holds, from the worker's own cache.
OFFLINE_FILES_JS = """async () => {
    const names = (await caches.keys()).filter((name) => name.endsWith(":precache"));
    let files = 0;
    for (const name of names) files += (await (await caches.open(name)).keys()).length;
    return files;
}"""


@dataclass(frozen=True)
class Link:
    down_kbit: int
    up_kbit: int
    latency_ms: int

    @property
    def bytes_per_s(self) -> float:
        return self.down_kbit * 1000 / 8

    def conditions(self) -> dict[str, Any]:
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.bytes_per_s,
            "uploadThroughput": self.up_kbit * 1000 / 8,
        }


# A slow mobile link: the one on which the first release's fixed 45 s deadline killed a
# download that was still arriving.
SLOW_LINK = Link(down_kbit=1600, up_kbit=750, latency_ms=150)


def wire_bytes(request: Request, cold: bool) -> int:
    """encodedDataLength of one finished request."""
    sizes = request.sizes()
    counted = max(0, sizes["responseHeadersSize"]) + max(0, sizes["responseBodySize"])
    response = request.response()
    if cold and response is not None and sizes["responseBodySize"] <= 0 and not response.from_service_worker:
        # Chromium fetches a worker's main script in the browser process and reports no body
        # size for it; with a cold cache nothing can come from the cache, so the body that
        # crossed the wire is the Content-Length our server sent.
        counted = max(0, sizes["responseHeadersSize"]) + int(response.headers.get("content-length", "0"))
    return counted


def on_network(request: Request) -> bool:
    """False for an answer the service worker made from its copy (its own fetches count apart)."""
    response = request.response()
    return response is not None and not response.from_service_worker


@dataclass
class Tally:
    """Every finished request of a context, split into the page's (with its dedicated workers)
    and the service worker's own, each with the moment it finished."""

    cold: bool
    page: list[tuple[float, Request]] = field(default_factory=list)
    worker: list[tuple[float, Request]] = field(default_factory=list)

    def listen(self, context: BrowserContext) -> None:
        # A plain function: Playwright tags handlers with an attribute, which built-ins refuse.
        context.on("requestfinished", lambda request: self._add(request))

    def _add(self, request: Request) -> None:
        if request.url.startswith(("data:", "blob:")):
            return
        (self.worker if request.service_worker else self.page).append((time.monotonic(), request))

    def page_bytes(self, until: float | None = None) -> int:
        return sum(
            wire_bytes(request, self.cold)
            for at, request in self.page
            if (until is None or at <= until) and on_network(request)
        )

    def worker_bytes(self) -> int:
        return sum(wire_bytes(request, self.cold) for _, request in self.worker)

    def page_requests(self, until: float | None = None) -> int:
        return sum(1 for at, request in self.page if (until is None or at <= until) and on_network(request))

    def detail(self, path_prefix: str = "") -> list[dict[str, Any]]:
        """Every request that used the network, biggest first, with who made it."""
        rows = []
        for who, requests in (("page", self.page), ("service worker", self.worker)):
            for _, request in requests:
                path = urlparse(request.url).path
                if who == "page" and not on_network(request):
                    continue
                if path_prefix and path_prefix not in path:
                    continue
                response = request.response()
                rows.append(
                    {
                        "path": path,
                        "by": who,
                        "status": response.status if response else None,
                        "bytes": wire_bytes(request, self.cold),
                    }
                )
        return sorted(rows, key=lambda row: -row["bytes"])


def wait_ready(page: Page) -> None:
    """Until the page's status line says the engine is ready; a shown failure panel raises."""
    page.wait_for_function(READY_JS, polling=200)
    if page.evaluate(FAILED_JS):
        reason = page.locator("[data-failure-reason]").inner_text()
        raise RuntimeError(f"the engine failed: {reason}")


def wait_offline_copy(page: Page, timeout_ms: float) -> int:
    """Until the service worker holds the whole site and controls the page; its file count.

    Polled from here: Playwright's wait_for_function takes the Promise an async check returns
    for a truthy answer and returns at once, while evaluate awaits it."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(OFFLINE_COPY_JS):
        if time.monotonic() > deadline:
            raise RuntimeError(f"the offline copy was not complete after {timeout_ms / 1000:.0f} s")
        # Not time.sleep: Playwright handles events (such as a worker to throttle) only while
        # one of its calls waits.
        page.wait_for_timeout(250)
    return int(page.evaluate(OFFLINE_FILES_JS))


def throttle(context: BrowserContext, page: Page, link: Link) -> list[str]:
    """Hold ``page``, its workers and any service worker it starts to ``link``.

    Returns a list that fills with the type of every worker target throttled this way, so a
    run can say whether the service worker's downloads were on the slow link too."""
    cdp: CDPSession = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", link.conditions())
    throttled: list[str] = []

    def send(session_id: str, message_id: int, method: str, params: dict[str, Any]) -> None:
        message = json.dumps({"id": message_id, "method": method, "params": params})
        cdp.send("Target.sendMessageToTarget", {"sessionId": session_id, "message": message})

    def attached(event: dict[str, Any]) -> None:
        session_id = event["sessionId"]
        kind = event["targetInfo"]["type"]
        if kind == "service_worker":
            send(session_id, 1, "Network.enable", {})
            send(session_id, 2, "Network.emulateNetworkConditions", link.conditions())
            throttled.append(kind)
        # Dedicated workers are already held by the page's conditions; every target waits for
        # this session's go-ahead, which it gets only after its throttle is in place.
        send(session_id, 3, "Runtime.runIfWaitingForDebugger", {})

    cdp.on("Target.attachedToTarget", attached)
    # Not flattened: Playwright's CDP sessions cannot address a child session by id, but
    # Target.sendMessageToTarget can. Only a page's auto-attach may be unflattened.
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
    return throttled
