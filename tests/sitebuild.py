"""Build the real site once per test session and serve it on an ephemeral port."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

from tests.conftest import ROOT, run_python


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
    result = run_python("-m", "generator", "build", "-d", str(target), cwd=ROOT)
    if result.returncode != 0:
        raise AssertionError(f"site build failed:\n{result.stdout}\n{result.stderr}")
    return target


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Module scripts and WebAssembly need their proper types to load in a browser.
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
        ".pdf": "application/pdf",
    }
    prefix = "/"

    def translate_path(self, path: str) -> str:
        # Serve the site under a sub-path (e.g. /guide/) to prove relative URLs hold.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__not_found__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser closing a connection early is normal; don't print a traceback for it.
        pass


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port; yield the base URL (ending in /)."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
