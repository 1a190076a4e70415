"""Small, exact repairs to the theme's HTML, so every built page passes the W3C's checker.

mkdocs-material writes two things the Nu HTML Checker reports as errors: an empty
`tabindex=""` on navigation section labels, and `autocomplete="off"` on its two checkbox
toggles (the drawer and the search). Both are removed here rather than by overriding the
theme's templates, which would copy far more than they change. The toggles' autocomplete
kept Firefox from restoring them after Back; site.mjs unticks them on `pageshow` instead.

Values that reach the theme's templates unescaped (MkDocs renders them with autoescape off)
are escaped before they get there: see `escape_attribute`.
"""

from __future__ import annotations

import re

from markupsafe import escape

EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def repair(html: str) -> str:
    html = EMPTY_TABINDEX.sub(r"\1", html)
    return CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)


def escape_attribute(value: str) -> str:
    """Text that the theme puts inside an attribute (`content="…"`): quotes, <, > and & as
    entities, so a description with "quotes" cannot end the attribute early."""
    return str(escape(value))
