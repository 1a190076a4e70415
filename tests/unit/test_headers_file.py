"""_headers for Netlify and Cloudflare Pages: one rule per page address with its policy plus
frame-ancestors, immutable caching only for hashed names, and never one header twice for a
path (both hosts would join the values, making two policies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import csp, headers_file


def _site(root: Path) -> Path:
    for name in (
        "index.html",
        "about/index.html",
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/javascripts/bundle.a5f9d56c.min.js.map",
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/kit/site.mjs",
        "pyodide/pyodide.asm.wasm",
        "sw.js",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    return root


def _headers_of(rules: dict[str, list[tuple[str, str]]], path: str) -> list[tuple[str, str]]:
    """What a host sends for a path: every matching rule's headers together."""
    return [
        header
        for pattern, headers in rules.items()
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1]))
        for header in headers
    ]


def test_each_page_gets_its_own_policy_as_a_header_with_frame_ancestors(tmp_path: Path) -> None:
    site = _site(tmp_path)
    policies = {
        "/": "default-src 'self'; script-src 'sha256-a'",
        "/about/": "default-src 'self'; script-src 'sha256-b'",
    }
    policies["/about/index.html"] = policies["/about/"]
    rules = headers_file.parse(headers_file.write(site, policies).read_text(encoding="utf-8"))
    for path, policy in policies.items():
        sent = dict(_headers_of(rules, path))
        assert sent["Content-Security-Policy"] == csp.as_header(policy) == f"{policy}; frame-ancestors 'none'"
        assert sent["Cache-Control"] == "no-cache"
        assert sent["X-Content-Type-Options"] == "nosniff"


def test_only_hashed_names_are_immutable_and_the_service_worker_revalidates(tmp_path: Path) -> None:
    rules = headers_file.parse(headers_file.render(_site(tmp_path), {})[0])
    immutable = {path for path, headers in rules.items() if ("Cache-Control", headers_file.IMMUTABLE) in headers}
    assert immutable == {
        "/assets/javascripts/bundle.a5f9d56c.min.js",
        "/assets/javascripts/bundle.a5f9d56c.min.js.map",
        "/assets/stylesheets/main.57a0d79d.min.css",
    }
    assert dict(_headers_of(rules, "/sw.js"))["Cache-Control"] == "no-cache"
    assert dict(_headers_of(rules, "/pyodide/pyodide.asm.wasm"))["Content-Type"] == "application/wasm"


def test_no_path_gets_one_header_twice(tmp_path: Path) -> None:
    site = _site(tmp_path)
    rules = headers_file.parse(headers_file.render(site, {"/": "a", "/about/": "b", "/about/index.html": "b"})[0])
    paths = ["/", "/about/", "/about/index.html", "/sw.js"]
    paths += ["/" + path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    for path in paths:
        names = [name.lower() for name, _ in _headers_of(rules, path)]
        assert len(names) == len(set(names)), f"{path} would get a header twice: {names}"


def test_a_malformed_line_is_named() -> None:
    with pytest.raises(ValueError, match=r"_headers, line 1: 'Cache-Control: no-cache'"):
        headers_file.parse("  Cache-Control: no-cache\n")
