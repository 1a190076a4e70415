"""Which sites get the head's early link rewrite (generator/early_links.py)."""

from __future__ import annotations

import re
from pathlib import Path

import material
from mkdocs.theme import Theme

from generator import early_links


def test_only_material_with_instant_navigation_rewrites_links_when_it_starts() -> None:
    assert early_links.needed(Theme(name="material", features=["navigation.instant", "toc.follow"]))
    # Without instant navigation nothing rewrites the head later, so a rewrite would only cost
    # the style sheets a second parse.
    assert not early_links.needed(Theme(name="material", features=["toc.follow"]))
    assert not early_links.needed(Theme(name="material"))
    assert not early_links.needed(Theme(name="mkdocs"))


def test_the_rewrite_and_the_theme_agree_on_what_is_relative() -> None:
    """The theme's bundle still resolves links at start-up with the rule the script copies
    (anything not starting with scheme:// or //). If a new theme release changes it, the head
    would be left with links the theme then rewrites, and the style sheets parsed again."""
    rule = r"/^(?:[a-z]+:)?\/\//i.test("
    bundle = next(Path(material.__file__).parent.glob("templates/assets/javascripts/bundle.*.min.js"))
    assert re.search(
        r'\["href","src"\]\)\{let (\w)=(\w)\.getAttribute\(\w\);if\(\1&&!' + re.escape(rule), bundle.read_text()
    )
    assert rule in early_links.SCRIPT
