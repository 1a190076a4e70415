"""Live editing under `python -m generator serve`: the reload script runs under the development
page's CSP, an edit refreshes the page, broken content shows its problem in the browser (and in
the terminal, without a traceback), and the next good save recovers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served_topic(tiny_topic: Path, tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tiny_topic), str(ROOT)]), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=tiny_topic, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail(f"serve never answered:\n{log.read_text()}")
    try:
        yield url, tiny_topic, log
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_live_reload_refreshes_shows_problems_and_recovers(page: Page, served_topic: tuple[str, Path, Path]) -> None:
    url, topic, log = served_topic
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(url)
    expect(page.locator("article")).to_contain_text("A starter needs time")
    index = topic / "content" / "pages" / "index.md"
    good = index.read_text(encoding="utf-8")

    index.write_text(good.replace("A starter needs time", "A starter needs patience"), encoding="utf-8")
    expect(page.locator("article")).to_contain_text("A starter needs patience", timeout=60_000)

    index.write_text(good + '\n{{ cite("no-such-source") }}\n', encoding="utf-8")
    problem = page.locator("article")
    expect(problem).to_contain_text("The content has a problem", timeout=60_000)
    expect(problem).to_contain_text("content/pages/index.md")
    expect(problem).to_contain_text("unknown source id 'no-such-source'")

    index.write_text(good, encoding="utf-8")
    expect(page.locator("article")).to_contain_text("A starter needs time", timeout=60_000)
    expect(page.locator("article")).not_to_contain_text("The content has a problem")

    assert blocked == [], blocked
    terminal = log.read_text(encoding="utf-8")
    assert "unknown source id 'no-such-source'" in terminal
    assert "Traceback" not in terminal, terminal


def _get(url: str, accept: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(response.headers), response.read()


def test_serve_sends_precompressed_files_as_a_host_does(served_topic: tuple[str, Path, Path]) -> None:
    """A local visit transfers what a real host sends: the build's .br sibling, or the page
    (with the reload script in it) compressed the same way; Vary on both."""
    import brotli

    url, _, _ = served_topic
    headers, body = _get(url, "gzip, deflate, br")
    assert headers["Content-Encoding"] == "br" and headers["Vary"] == "Accept-Encoding"
    page = brotli.decompress(body).decode("utf-8")
    assert "livereload(" in page and "A starter needs time" in page
    bundle = re.search(r'src="(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"', page)
    assert bundle is not None, "the theme's bundle is not on the page"
    headers, body = _get(url + bundle.group(1), "br")
    assert headers["Content-Encoding"] == "br" and headers["Content-Type"] == "text/javascript; charset=utf-8"
    plain_headers, plain = _get(url + bundle.group(1), None)
    assert "Content-Encoding" not in plain_headers and plain_headers["Vary"] == "Accept-Encoding"
    assert brotli.decompress(body) == plain and len(body) < len(plain)
