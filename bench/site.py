"""The site under measurement: built once into a temp dir, served by a child process.

The server runs in its own process (not a thread of this one) so that serving
13 MB of Pyodide never competes for our GIL with Playwright's event loop, and
so Lighthouse's Chromium sees an ordinary, independent web server.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from devtools.site import CHROMIUM_FLAGS, ROOT, build_site, system_chromium

PROBES = Path(__file__).resolve().parent / "probes"
# Where the probe pages land inside the temporary site; never inside docs/.
PROBE_DIR = "__bench__"


def chromium_flags() -> list[str]:
    """The browser tests' flags (devtools.site): the benchmark runs the same Chromium."""
    return list(CHROMIUM_FLAGS)


def chromium_path() -> str:
    """Debian's Chromium: Lighthouse needs a system Chrome, and Playwright uses the same one
    so that every browser figure comes from one binary."""
    path = system_chromium()
    if path is None:
        raise RuntimeError("No Chromium found: run scripts/bench.sh, which installs Debian's chromium")
    return path


def build(target: Path) -> Path:
    """Build the real site the way the tests do, then add the probe pages next to it."""
    build_site(target)
    shutil.copytree(PROBES, target / PROBE_DIR)
    return target


@contextmanager
def served(site: Path, timeout_s: float = 30.0, *, compressed: bool = True) -> Iterator[str]:
    """Serve ``site`` on an ephemeral 127.0.0.1 port; yield the base URL (ending in /).
    With ``compressed=False`` the build's precompressed siblings are not sent."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", str(site), *([] if compressed else ["--uncompressed"])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
    )
    try:
        if process.stdout is None:  # asked for as a pipe above
            raise RuntimeError("the benchmark server has no output to read")
        deadline = time.monotonic() + timeout_s
        line = ""
        while not line and time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline().strip()
        if not line.startswith("http://"):
            raise RuntimeError(f"the benchmark server did not start (said {line!r})")
        yield line
    finally:
        # Closing stdin tells the server to stop; terminate only if it does not.
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait(timeout=10)


def launch(playwright: Any) -> Browser:
    """Debian's Chromium with the tests' flags (which stop it dialling out mid-measurement)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=chromium_flags())
