"""Locate the bundled subset fonts, in a way that also works from a wheel.

fpdf2's ``add_font`` only accepts a file *path* (it hands it to fontTools,
which re-opens it lazily at output time), not bytes. Two install layouts
matter:

* a normal install, including Pyodide, where the wheel is unpacked into
  site-packages on the in-browser virtual file system: the resource is an
  ordinary ``pathlib.Path`` and is used directly, no copying;
* a zipped import (zipapp, zipimport): ``importlib.resources.as_file`` copies
  the font to a temporary file, which we keep open until the process exits
  because fpdf2 may read it again when the PDF is written.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib.resources import as_file, files
from pathlib import Path

from fontTools.ttLib import TTFont

# fpdf2 style letter -> file name inside deckpdf/fonts/.
FONT_FILES: dict[str, str] = {
    "": "DejaVuSans-subset.ttf",
    "B": "DejaVuSans-Bold-subset.ttf",
}

# Holds any temporary copies made by as_file() for the life of the process.
_TEMP_COPIES = contextlib.ExitStack()
atexit.register(_TEMP_COPIES.close)


@functools.cache
def font_path(style: str = "") -> Path:
    """Return a real file-system path to the bundled font for ``style``."""
    name = FONT_FILES[style]
    resource = files(__package__ or "deckpdf").joinpath("fonts").joinpath(name)
    if isinstance(resource, Path):
        return resource
    return _TEMP_COPIES.enter_context(as_file(resource))


@functools.cache
def char_widths(style: str = "") -> dict[int, int]:
    """Advance width of every character in ``style``, in 1/1000 em.

    Computed once per process, exactly as fpdf2 does when it loads the font
    (``round(1000 / unitsPerEm * advance + 0.001)``), so our measurements
    match what fpdf2 draws. fpdf2 keeps the same table per document; having
    our own process-wide copy makes measuring nearly free on later renders.
    """
    font = TTFont(font_path(style), lazy=True)
    try:
        scale = 1000 / font["head"].unitsPerEm
        advances = font["hmtx"].metrics
        return {cp: round(scale * advances[glyph][0] + 0.001) for cp, glyph in font.getBestCmap().items()}
    finally:
        font.close()


@functools.cache
def supported_codepoints() -> frozenset[int]:
    """Code points that both shipped fonts can draw.

    Used to drop characters (emoji, CJK, ...) that would otherwise print as
    empty boxes.
    """
    return frozenset.intersection(*(frozenset(char_widths(style)) for style in FONT_FILES))
