"""`_headers` at the site's root: the HTTP headers Netlify and Cloudflare Pages add, per path.

Written from the build's own pages, so it is true by construction: each page's
Content-Security-Policy header is the policy in that page's meta tag (csp.page_policy) with
`frame-ancestors 'none'` added, which only a header can carry. Files whose names hold a hash
of their content (mkdocs-material's bundles) are cached for a year as immutable; pages and a
service worker (`sw.js`) are revalidated on every visit, so a new build reaches the reader.

Both hosts add up the headers of every rule that matches a path, joining repeated names with
commas (two policies would then both apply). So no two rules here give one path the same
header: there is no catch-all for the policy or the cache, only for `X-Content-Type-Options`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from generator import csp

log = get_plugin_logger(__name__)

NAME = "_headers"
# mkdocs-material's bundles: main.<8 hex>.min.css, bundle.<8 hex>.min.js, their source maps.
HASHED = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?$")
SERVICE_WORKER = "sw.js"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Cloudflare Pages reads at most this many rules from _headers (Netlify has no such limit).
CLOUDFLARE_RULES = 100


def _rule(path: str, headers: list[tuple[str, str]]) -> str:
    return "\n".join([path, *(f"  {name}: {value}" for name, value in headers)])


def render(site_dir: Path, policies: Mapping[str, str]) -> tuple[str, int]:
    """The file's text and its number of rules. `policies` maps each URL path a page answers
    at ("/", "/about/", "/about/index.html") to the policy of its meta tag."""
    rules = [_rule("/*", [("X-Content-Type-Options", "nosniff")])]
    for path in sorted(policies):
        rules.append(
            _rule(path, [("Content-Security-Policy", csp.as_header(policies[path])), ("Cache-Control", REVALIDATE)])
        )
    files = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file())
    for name in files:
        if HASHED.search(name):
            rules.append(_rule(f"/{name}", [("Cache-Control", IMMUTABLE)]))
    for name in files:
        if name.endswith(".wasm"):
            rules.append(_rule(f"/{name}", [("Content-Type", "application/wasm")]))
    if SERVICE_WORKER in files:
        rules.append(_rule(f"/{SERVICE_WORKER}", [("Cache-Control", REVALIDATE)]))
    header = (
        "# HTTP headers for Netlify and Cloudflare Pages, written by the build from its own pages\n"
        '# (see the README, "Deploying"). Each page\'s Content-Security-Policy is the one in its\n'
        "# meta tag plus frame-ancestors. Hosts add up every rule that matches a path, so no two\n"
        "# rules give one path the same header.\n"
    )
    return header + "\n" + "\n\n".join(rules) + "\n", len(rules)


def write(site_dir: Path, policies: Mapping[str, str]) -> Path:
    text, count = render(site_dir, policies)
    if count > CLOUDFLARE_RULES:
        log.info(
            f"{NAME} has {count} rules; Cloudflare Pages reads only the first {CLOUDFLARE_RULES} "
            "(Netlify reads them all, and every page still carries its policy in a meta tag)"
        )
    target = site_dir / NAME
    target.write_text(text, encoding="utf-8")
    return target


def parse(text: str) -> dict[str, list[tuple[str, str]]]:
    """The rules of a _headers file, {path: [(name, value)]}, as the hosts read it: a line
    that starts in the first column is a path, an indented `Name: value` line belongs to the
    path above it, `#` starts a comment."""
    rules: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), [])
            continue
        name, colon, value = line.strip().partition(":")
        if current is None or not colon:
            raise ValueError(f"{NAME}, line {number}: {line.strip()!r} is not 'Name: value' under a path")
        current.append((name.strip(), value.strip()))
    return rules
