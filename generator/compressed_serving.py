"""Serving a built site as a host that honours precompressed files does.

One implementation for both local servers: `python -m generator serve` (MkDocs' live-reload
server, whose WSGI app `compressed_app` wraps) and the tests' and benchmark's server
(`StaticSite`, devtools/site.py). A client that accepts br or gzip gets the `.br` or `.gz`
sibling the build wrote (generator/precompress.py) with `Content-Encoding` and the original's
`Content-Type`; every answer for a file that has siblings says `Vary: Accept-Encoding`, so a
cache never hands a compressed answer to a client that did not ask for one. A local visit
then transfers what a real host sends.

`_headers` (generator/headers_file.py) is read by the static hosts, never served by them,
so it is not served here either; `StaticSite` adds the headers it names, as those hosts do.
"""

from __future__ import annotations

import email.utils
import mimetypes
import posixpath
import socketserver
import wsgiref.simple_server
import wsgiref.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from generator import headers_file
from generator.precompress import ENCODINGS, compress

# What browsers need to load each kind of file: module scripts refuse a wrong type, and
# WebAssembly compiles while it streams only as application/wasm.
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
    ".br": "application/octet-stream",
}
# Read by Netlify and Cloudflare Pages, never sent to a browser.
HOST_ONLY = frozenset({"_headers"})
CHUNK = 1 << 16

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guess, _ = mimetypes.guess_type(name)
    return guess or "application/octet-stream"


def _weights(accept_encoding: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        token, *params = (part.strip() for part in item.split(";"))
        if not token:
            continue
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[token.lower()] = weight
    return weights


def acceptable(accept_encoding: str | None) -> list[str]:
    """The encodings of ENCODINGS the client takes, best first: by its q-value, then by ours.
    `q=0` refuses one; `*` stands for any it does not name; no header means none (RFC 9110
    allows any, but a client that sends none is best served the file as it is)."""
    if not accept_encoding:
        return []
    weights = _weights(accept_encoding)
    ranked = []
    for order, encoding in enumerate(ENCODINGS):
        names = {"gzip": ("gzip", "x-gzip")}.get(encoding, (encoding,))
        named = [weights[name] for name in names if name in weights]
        weight = max(named) if named else weights.get("*", 0.0)
        if weight > 0:
            ranked.append((-weight, order, encoding))
    return [encoding for _, _, encoding in sorted(ranked)]


@dataclass(frozen=True)
class Representation:
    """Which file answers a request for `original`, and the headers that describe it."""

    original: Path
    path: Path
    encoding: str | None
    varies: bool

    def headers(self) -> list[tuple[str, str]]:
        headers = [("Content-Type", content_type(self.original.name))]
        if self.encoding is not None:
            headers.append(("Content-Encoding", self.encoding))
        if self.varies:
            headers.append(("Vary", "Accept-Encoding"))
        return headers


def siblings(original: Path) -> dict[str, Path]:
    found = {}
    for encoding, suffix in ENCODINGS.items():
        path = original.with_name(original.name + suffix)
        if path.is_file():
            found[encoding] = path
    return found


def representation(original: Path, accept_encoding: str | None) -> Representation:
    available = siblings(original)
    for encoding in acceptable(accept_encoding):
        if encoding in available:
            return Representation(original, available[encoding], encoding, varies=True)
    return Representation(original, original, None, varies=bool(available))


def _replace(headers: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, str]]:
    names = {name.lower() for name, _ in new}
    return [(name, value) for name, value in headers if name.lower() not in names] + new


def compressed_app(app: WSGIApp) -> WSGIApp:
    """MkDocs' live-reload app, answering with the precompressed siblings.

    MkDocs resolves the request (its mount path, redirects, 404 page, and the wait for a
    rebuild to finish), so the file it opened is the one to answer for. HTML pages come back
    from it with the reload script written in, which no sibling holds: those are compressed
    here, per request, with the build's own settings."""

    def wrapped(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        captured: list[Any] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            captured[:] = [status, headers, exc_info]
            return lambda data: None

        body = app(environ, hold)
        status, headers, exc_info = captured
        filelike = getattr(body, "filelike", None)
        if not status.startswith("200") or filelike is None:
            start_response(status, headers, exc_info)
            return body
        accept = environ.get("HTTP_ACCEPT_ENCODING")
        name = getattr(filelike, "name", None)
        if isinstance(name, str):
            chosen = representation(Path(name), accept)
            if chosen.path != chosen.original:
                filelike.close()
                body = wrapped_file(environ, chosen.path.open("rb"))
            size = chosen.path.stat().st_size
            start_response(status, _replace(headers, [*chosen.headers(), ("Content-Length", str(size))]))
            return body
        # An HTML page with the reload script written in, in memory.
        data = filelike.read()
        filelike.close()
        encodings = acceptable(accept)
        extra = [("Vary", "Accept-Encoding")]
        if encodings:
            data = compress(data, encodings[0])
            extra.append(("Content-Encoding", encodings[0]))
        start_response(status, _replace(headers, [*extra, ("Content-Length", str(len(data)))]))
        return [data]

    return wrapped


def wrapped_file(environ: dict[str, Any], handle: BinaryIO) -> Iterable[bytes]:
    wrapper = environ.get("wsgi.file_wrapper", wsgiref.util.FileWrapper)
    return wrapper(handle, CHUNK)  # type: ignore[no-any-return]


class StaticSite:
    """A built site as a static host serves it, under a path prefix (e.g. /guide/) so that
    relative links are proven to hold. With `precompressed=False`, the siblings are ignored,
    for measuring what the site costs without them. The headers of the site's `_headers`
    are added as Netlify and Cloudflare Pages add them (paths relative to the prefix)."""

    def __init__(self, root: Path, prefix: str = "/", *, precompressed: bool = True) -> None:
        self.root = root.resolve()
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.precompressed = precompressed
        rules = self.root / headers_file.NAME
        self.rules = headers_file.parse(rules.read_text(encoding="utf-8")) if rules.is_file() else {}

    def _host_headers(self, path: str) -> list[tuple[str, str]]:
        """Every matching rule's headers: a rule is an exact path, or ends in `*` (any rest)."""
        site_path = "/" + path[len(self.prefix) :]
        found = []
        for pattern, headers in self.rules.items():
            if pattern == site_path or (pattern.endswith("*") and site_path.startswith(pattern[:-1])):
                found.extend(headers)
        return found

    def _file(self, path: str) -> tuple[Path | None, str | None]:
        """The file for a URL path, or a redirect target, or neither (not found)."""
        if not path.startswith(self.prefix):
            return None, None
        relative = path[len(self.prefix) :]
        normal = posixpath.normpath("/" + relative).lstrip("/")
        if normal.startswith("..") or normal in HOST_ONLY:
            return None, None
        target = self.root / normal if normal != "." else self.root
        if target.is_dir():
            if not path.endswith("/"):
                return None, path + "/"
            target = target / "index.html"
        return (target if target.is_file() else None), None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
            return []
        # WSGI hands the path over as latin-1 text; the site's names are UTF-8.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        found, redirect = self._file(path)
        if redirect is not None:
            query = environ.get("QUERY_STRING")
            location = redirect + (f"?{query}" if query else "")
            start_response("301 Moved Permanently", [("Location", location), ("Content-Length", "0")])
            return []
        if found is None:
            message = b"404 Not Found"
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(message)))])
            return [message]
        if self.precompressed:
            chosen = representation(found, environ.get("HTTP_ACCEPT_ENCODING"))
        else:
            chosen = Representation(found, found, None, varies=False)
        modified = int(found.stat().st_mtime)
        headers = _replace(
            [*chosen.headers(), ("Last-Modified", email.utils.formatdate(modified, usegmt=True))],
            self._host_headers(path),
        )
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if since and _not_modified_since(since, modified):
            # What a cache needs to keep using its copy; the body's own headers stay out.
            kept = [(k, v) for k, v in headers if k not in ("Content-Type", "Content-Encoding")]
            start_response("304 Not Modified", kept)
            return []
        headers.append(("Content-Length", str(chosen.path.stat().st_size)))
        start_response("200 OK", headers)
        if method == "HEAD":
            return []
        return wrapped_file(environ, chosen.path.open("rb"))


def _not_modified_since(header: str, modified: int) -> bool:
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since is not None and modified <= since.timestamp()


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class QuietServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    """A threaded WSGI server that keeps quiet: the tests' and benchmark's requests are many."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser closing a connection early is normal; don't print a traceback for it.
        pass


def make_server(site: StaticSite, host: str = "127.0.0.1", port: int = 0) -> QuietServer:
    server = QuietServer((host, port), _QuietHandler)
    server.set_app(site)
    return server
