"""A Content-Security-Policy meta tag for every built page.

The policy allows only the site's own origin. MkDocs-material ships a few
small inline scripts (scope, palette, tabs) whose text differs by page depth,
so we hash every inline script in the whole site and allow exactly those.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
META_MARK = 'http-equiv="Content-Security-Policy"'


def _inline_script_hashes(html: str) -> set[str]:
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        # Scripts with src are covered by 'self'; JSON data blocks are never executed.
        if "src=" in attrs or "application/json" in attrs or not match.group("body").strip():
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def template_script_hashes(html: str, content: str = "") -> set[str]:
    """Hashes of the inline scripts the theme's templates wrote into a page, leaving out any
    that came with the page's own content: only known scripts may run. (Content is refused at
    check if it carries a script; this keeps the policy from trusting one that slipped by.)"""
    from_content = _inline_script_hashes(content) if content else set()
    return _inline_script_hashes(html) - from_content


def policy(script_hashes: set[str], *, live_reload: bool = False) -> str:
    """The page's policy. With live_reload (only under `serve`), inline scripts are allowed so
    the development server's reload script runs; a browser ignores 'unsafe-inline' whenever a
    hash is listed, so the hashes are left out then. A shipped build never gets this."""
    scripts = ["'self'", "'wasm-unsafe-eval'"]
    scripts += ["'unsafe-inline'"] if live_reload else sorted(script_hashes)
    directives = {
        "default-src": "'self'",
        # 'wasm-unsafe-eval' lets WebAssembly compile; it does not allow JavaScript eval.
        "script-src": " ".join(scripts),
        "worker-src": "'self'",
        "connect-src": "'self'",
        "img-src": "'self' data:",
        # The theme and inline SVG figures set style attributes.
        "style-src": "'self' 'unsafe-inline'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def apply(site_dir: Path, *, hashes: set[str] | None = None, live_reload: bool = False) -> int:
    """Insert the same policy into every HTML page; return how many pages got it.

    `hashes` are the known scripts (collected per page while rendering, see
    template_script_hashes); without them every inline script in the site is hashed."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    if hashes is None:
        hashes = set()
        for text in texts.values():
            hashes |= _inline_script_hashes(text)
    meta = f'<meta {META_MARK} content="{policy(hashes, live_reload=live_reload)}">'
    for page, text in texts.items():
        if META_MARK in text or "<head>" not in text:
            continue
        # First in <head>, so it governs every script and style that follows.
        page.write_text(text.replace("<head>", f"<head>\n    {meta}", 1), encoding="utf-8")
    return len(pages)
