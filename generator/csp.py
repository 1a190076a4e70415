"""A Content-Security-Policy meta tag for every built page, added as MkDocs writes it.

The policy allows only the site's own origin. mkdocs-material writes a few small
inline scripts (scope, palette, anchor target) whose text differs by page depth, so
each page's policy lists the hashes of the inline scripts its own templates wrote,
and no others. Instant navigation keeps the first page's policy, but it re-runs only
the scripts inside the content container, which the theme writes the same on every
page (a browser test navigates between depths under the policy).
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
# One attribute of a start tag: its name, and its value if it has one.
ATTRIBUTE = re.compile(r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'>]+))?""")
META_MARK = 'http-equiv="Content-Security-Policy"'


def _attributes(text: str) -> dict[str, str]:
    return {match["name"].lower(): (match["value"] or "").strip("\"'") for match in ATTRIBUTE.finditer(text)}


def _runs_inline(attrs: dict[str, str]) -> bool:
    """Whether a browser runs the script's own text: not one that loads a file (covered by
    'self'), and not a data block such as type="application/json" (never run)."""
    if "src" in attrs:
        return False
    kind = attrs.get("type", "").strip().lower()
    return kind in ("", "module") or "javascript" in kind or "ecmascript" in kind


def _inline_script_hashes(html: str) -> set[str]:
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        if not match["body"].strip() or not _runs_inline(_attributes(match["attrs"])):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
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


def with_policy(html: str, script_hashes: set[str], *, live_reload: bool = False) -> str:
    """The page with its policy as the first thing in <head>, so it governs every script and
    style that follows. A document without a <head> (sitemap.xml) or that already has a
    policy is returned as it is."""
    if "<head>" not in html or META_MARK in html.partition("</head>")[0]:
        return html
    meta = f'<meta {META_MARK} content="{policy(script_hashes, live_reload=live_reload)}">'
    return html.replace("<head>", f"<head>\n    {meta}", 1)


# The policy as with_policy writes it: the meta tag's content, which holds no double quote.
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"]*)">')


def page_policy(html: str) -> str | None:
    """The policy a finished page carries in its <head>, or None."""
    found = META_POLICY.search(html.partition("</head>")[0])
    return found["policy"] if found else None


def as_header(policy: str) -> str:
    """The page's policy as an HTTP header: what a meta tag cannot carry, added. Nothing of
    ours is meant to be framed, so no other site may put a page in a frame (clickjacking)."""
    return f"{policy}; frame-ancestors 'none'"
