"""The local servers send precompressed siblings as a host that honours them does: by the
client's Accept-Encoding, with Content-Encoding, Vary and the original's Content-Type; the
same for MkDocs' live-reload server, whose app is wrapped (no browser needed)."""

from __future__ import annotations

import email.utils
import gzip
import io
import urllib.request
import wsgiref.util
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import brotli
import pytest

from devtools.site import serve
from generator import headers_file
from generator.compressed_serving import StaticSite, acceptable, compressed_app
from generator.precompress import precompress

WASM = b"\x00asm\x01\x00\x00\x00" + bytes(range(64)) * 400
PAGE = b"<!doctype html><title>t</title><p>" + b"words and more words " * 200 + b"</p>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "about").mkdir(parents=True)
    (root / "pyodide").mkdir()
    (root / "index.html").write_bytes(PAGE)
    (root / "about" / "index.html").write_bytes(PAGE)
    (root / "pyodide" / "pyodide.asm.wasm").write_bytes(WASM)
    (root / "deck.pdf").write_bytes(b"%PDF-1.7 not compressed by us")
    precompress(root, None)
    (root / headers_file.NAME).write_text(
        "/*\n  X-Content-Type-Options: nosniff\n\n/about/\n  Content-Security-Policy: default-src 'self'; "
        "frame-ancestors 'none'\n  Cache-Control: no-cache\n",
        encoding="utf-8",
    )
    return root


def call(
    app: Any, path: str, accept: str | None = None, method: str = "GET", **extra: str
) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": method, **extra}
    if accept is not None:
        environ["HTTP_ACCEPT_ENCODING"] = accept
    wsgiref.util.setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answer["status"], answer["headers"] = status, headers
        return lambda data: None

    body: Iterable[bytes] = app(environ, start_response)
    data = b"".join(body)
    getattr(body, "close", lambda: None)()
    headers = dict(answer["headers"])
    assert len(headers) == len(answer["headers"]), f"a header is sent twice: {answer['headers']}"
    return answer["status"], headers, data


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, []),
        ("", []),
        ("gzip, deflate, br, zstd", ["br", "gzip"]),
        ("gzip", ["gzip"]),
        ("x-gzip", ["gzip"]),
        ("br;q=0, gzip", ["gzip"]),
        ("br;q=0.5, gzip;q=0.9", ["gzip", "br"]),
        ("*", ["br", "gzip"]),
        ("*;q=0", []),
        ("identity", []),
        ("BR; Q=1", ["br"]),
        ("br;q=abc, gzip", ["gzip"]),
    ],
)
def test_the_client_s_accept_encoding_decides(header: str | None, expected: list[str]) -> None:
    assert acceptable(header) == expected


def test_brotli_gzip_or_the_file_itself_by_accept_encoding(site: Path) -> None:
    app = StaticSite(site)
    status, headers, body = call(app, "/pyodide/pyodide.asm.wasm", "gzip, deflate, br, zstd")
    assert status == "200 OK"
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Content-Encoding"] == "br" and headers["Vary"] == "Accept-Encoding"
    assert brotli.decompress(body) == WASM and int(headers["Content-Length"]) == len(body)

    _, headers, body = call(app, "/pyodide/pyodide.asm.wasm", "br;q=0, gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == WASM

    for accept in (None, "identity", "br;q=0, gzip;q=0"):
        _, headers, body = call(app, "/pyodide/pyodide.asm.wasm", accept)
        assert "Content-Encoding" not in headers and body == WASM, accept
        assert headers["Vary"] == "Accept-Encoding", "an answer that could have differed must say so"
        assert headers["Content-Type"] == "application/wasm"


def test_a_file_without_siblings_is_sent_as_it_is_without_vary(site: Path) -> None:
    _, headers, body = call(StaticSite(site), "/deck.pdf", "br, gzip")
    assert headers["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in headers and "Vary" not in headers
    assert body.startswith(b"%PDF")


def test_the_flag_turns_the_siblings_off(site: Path) -> None:
    _, headers, body = call(StaticSite(site, precompressed=False), "/", "br, gzip")
    assert "Content-Encoding" not in headers and body == PAGE
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_head_conditional_requests_and_redirects(site: Path) -> None:
    app = StaticSite(site, "/guide/")
    status, headers, body = call(app, "/guide/about/", "br", method="HEAD")
    assert status == "200 OK" and body == b""
    assert headers["Content-Encoding"] == "br"
    assert int(headers["Content-Length"]) == (site / "about" / "index.html.br").stat().st_size

    later = email.utils.formatdate((site / "about" / "index.html").stat().st_mtime + 60, usegmt=True)
    status, headers, body = call(app, "/guide/about/", "br", HTTP_IF_MODIFIED_SINCE=later)
    assert status == "304 Not Modified" and body == b""
    assert headers["Vary"] == "Accept-Encoding" and "Content-Encoding" not in headers

    status, headers, _ = call(app, "/guide/about", "br", QUERY_STRING="a=1")
    assert status == "301 Moved Permanently" and headers["Location"] == "/guide/about/?a=1"
    assert call(app, "/about/")[0] == "404 Not Found", "outside the prefix"
    assert call(app, "/guide/../../etc/passwd")[0] == "404 Not Found"
    assert call(app, "/guide/", method="POST")[0] == "405 Method Not Allowed"


def test_headers_come_from_the_site_s_headers_file_which_is_not_served(site: Path) -> None:
    app = StaticSite(site, "/guide/")
    _, headers, _ = call(app, "/guide/about/", "br")
    assert headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["X-Content-Type-Options"] == "nosniff"
    _, headers, _ = call(app, "/guide/", "br")
    assert "Content-Security-Policy" not in headers and headers["X-Content-Type-Options"] == "nosniff"
    assert call(app, "/guide/_headers")[0] == "404 Not Found", "hosts read _headers, they never send it"


def test_the_tests_server_sends_them_over_http(site: Path) -> None:
    with serve(site, "/guide/") as url:
        request = urllib.request.Request(url + "pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "br"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "br"
            assert response.headers["Content-Type"] == "application/wasm"
            assert brotli.decompress(response.read()) == WASM


def _live_reload_app(site: Path, inject: bool) -> Any:
    """Stands in for MkDocs' app: a FileWrapper of the file it opened, or (an HTML page with
    the reload script written in) of bytes in memory, with MkDocs' own headers."""

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = site / environ["PATH_INFO"].lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"404 Not Found"]
        if inject and path.suffix == ".html":
            data = path.read_bytes().replace(b"</p>", b"</p><script>livereload()</script>")
            start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(data)))])
            return wsgiref.util.FileWrapper(io.BytesIO(data))
        kind = "application/wasm" if path.suffix == ".wasm" else "text/html"
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(path.stat().st_size))])
        return wsgiref.util.FileWrapper(path.open("rb"))

    return app


def test_the_live_reload_server_sends_siblings_and_compresses_injected_pages(site: Path) -> None:
    app = compressed_app(_live_reload_app(site, inject=False))
    _, headers, body = call(app, "/pyodide/pyodide.asm.wasm", "gzip, br")
    assert headers["Content-Encoding"] == "br" and headers["Content-Type"] == "application/wasm"
    assert brotli.decompress(body) == WASM and int(headers["Content-Length"]) == len(body)
    _, headers, body = call(app, "/pyodide/pyodide.asm.wasm", None)
    assert "Content-Encoding" not in headers and body == WASM and headers["Vary"] == "Accept-Encoding"

    live = compressed_app(_live_reload_app(site, inject=True))
    _, headers, body = call(live, "/about/", "gzip")
    assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    assert b"livereload()" in gzip.decompress(body) and int(headers["Content-Length"]) == len(body)
    _, headers, body = call(live, "/about/", None)
    assert "Content-Encoding" not in headers and b"livereload()" in body

    status, _, body = call(live, "/missing/", "br")
    assert status == "404 Not Found" and body == b"404 Not Found"
