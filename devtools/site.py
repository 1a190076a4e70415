"""The real site for tests and measurements: built once, served locally, opened in Chromium.

One source of truth for how the tests and the benchmark build, serve and browse the site,
so a figure in bench/ and a test in tests/browser/ always look at the same thing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.compressed_serving import StaticSite, make_server

ROOT = Path(__file__).resolve().parent.parent

# Chromium as the tests and the benchmark run it: headless, and never dialling out on its own
# (updates, sync, field trials), so every request it makes is one the site asked for.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

# Test and benchmark hook (window.quizEngine), injected with add_init_script: never shipped.
ENGINE_HOOK = Path(__file__).resolve().parent / "engine-hook.js"


def server_is_gone(url: str) -> bool:
    """Whether nothing answers at url any more: an offline check must really be offline."""
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=5)
    except (urllib.error.URLError, OSError):
        return True
    return False


def system_chromium() -> str | None:
    """Debian's Chromium (or $CHROMIUM_PATH): Playwright cannot download its own here. The
    browser a person runs, so the benchmark and Lighthouse measure what readers get."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_for_tests() -> str | None:
    """The Chromium the browser tests drive: Debian's headless shell, when installed, else its
    full browser (or $CHROMIUM_PATH).

    The shell is the same Chromium (Blink, V8, the same release) built without the desktop
    browser around it, and it is what Playwright itself runs for headless tests when it can
    download its own. Measured on the 2-core machine: the browser tests took 7 min 27 s with it
    and 9 min 3 s with the full browser, the same 231 tests passing in both."""
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium-headless-shell") or system_chromium()


def _plain_env() -> dict[str, str]:
    # As an editor runs it: the project's environment, no PYTHONPATH tricks, and the runtime
    # from the shared cache.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "QUIZ_DEFINITION")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run_plain(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python ARGS` in cwd as a content editor would, for a topic made by `generator new`."""
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=_plain_env(), capture_output=True, text=True, check=False, timeout=900
    )


def build_site(target: Path) -> Path:
    """Build the real site into ``target`` the way a person does: `python -m generator build`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "-d", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"site build failed:\n{result.stdout}\n{result.stderr}")
    return target


@contextmanager
def serve(site: Path, prefix: str = "/", *, precompressed: bool = True) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port; yield the base URL (ending in /).

    It serves as a static host that honours the build's precompressed siblings and its
    ``_headers`` does (generator/compressed_serving.py, shared with `python -m generator
    serve`). ``precompressed=False`` sends every file as it is, to measure the difference."""
    app = StaticSite(site, prefix, precompressed=precompressed)
    with serve_app(app) as root:
        yield root + app.prefix.lstrip("/")


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """Serve a WSGI app (a StaticSite, or one wrapped around it) on 127.0.0.1 at a free port;
    yield http://127.0.0.1:PORT/."""
    server = make_server(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
