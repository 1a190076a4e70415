"""`generator build` cleans up after a killed build of its own target, and only its own."""

from __future__ import annotations

from pathlib import Path

from generator.__main__ import _remove_leftovers


def test_only_this_targets_leftovers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    own = tmp_path / ".site-build-abc123"
    other = tmp_path / ".preview-build-def456"  # another build, still running beside it
    old = tmp_path / "site.old"
    for folder in (own, other, old):
        folder.mkdir()
    _remove_leftovers(target)
    assert not own.exists() and not old.exists()
    assert other.is_dir() and target.is_dir()


def test_a_site_killed_mid_swap_comes_back(tmp_path: Path) -> None:
    target = tmp_path / "site"
    old = tmp_path / "site.old"
    old.mkdir()
    (old / "index.html").write_text("earlier", encoding="utf-8")
    _remove_leftovers(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "earlier"
