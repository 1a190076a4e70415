"""The head's relative links made absolute while the head is parsed, not when the theme starts.

mkdocs-material's instant navigation, as it starts, gives every relative `href` and `src` in
the document its absolute URL (its `resolve`), so that links still point to the right place
once the address changes without a page load. For a `<link rel="stylesheet">` a new `href`
means a new style sheet: Chromium reads the sheet again from memory, parses it again, and
re-styles the whole page. That happened inside the theme's first script on every load, in one
long task at the end of the page: about 0.15 s of a phone's main thread (Lighthouse's mobile
preset) that blocked input.

The same rewrite at the end of `<head>` costs a fraction of that. An inline script there waits
for the style sheets, so they have loaded; nothing of the body is styled yet; and the sheets
are read again from memory within the same task, so no frame is drawn without them. When the
theme starts it finds nothing relative in the head and leaves the sheets alone. The body's
links are left to the theme: rewriting an `<a href>` reloads nothing.

The test for "relative" is the theme's own (anything not starting with `scheme://` or `//`),
so the two agree on which links to leave.
"""

from __future__ import annotations

from mkdocs.theme import Theme

SCRIPT = (
    "<script>[].forEach.call(document.head.querySelectorAll('[href],[src]'),function(node){"
    "['href','src'].some(function(key){var value=node.getAttribute(key);"
    "if(value&&!/^(?:[a-z]+:)?\\/\\//i.test(value)){node[key]=node[key];return true}})})</script>"
)


def needed(theme: Theme) -> bool:
    """Whether the theme rewrites the head's links when it starts: mkdocs-material with
    instant navigation. Without it the rewrite would only cost a second parse."""
    return theme.name == "material" and "navigation.instant" in (theme.get("features") or [])
