"""Rebuild the subset fonts shipped in this folder (developer tool, not runtime).

The PDFs need a Unicode font because fpdf2's built-in core fonts only cover
Latin-1, which would turn curly quotes, dashes, "Ł" or "€" into errors. We ship
cut-down copies of DejaVu Sans rather than the full files (~700 KB each) so the
wheel stays small enough to download into a browser (Pyodide).

Requirements (dev machine only; nothing here runs at render time):

* fonttools (``pip install fonttools``; it is already an fpdf2 dependency);
* the Debian/Ubuntu package ``fonts-dejavu-core``, which provides
  /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf and DejaVuSans-Bold.ttf.

Run from the repository root::

    python deckpdf/fonts/make_subset.py            # writes next to this file
    python deckpdf/fonts/make_subset.py --src DIR  # DejaVu lives elsewhere

The output is byte-for-byte reproducible for the same source fonts and
fonttools version (timestamps are not recalculated).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DEFAULT_SRC = Path("/usr/share/fonts/truetype/dejavu")
HERE = Path(__file__).resolve().parent

# (source file, shipped file). The shipped names keep "DejaVu" and avoid the
# words "Bitstream"/"Vera", as the Bitstream Vera licence requires for
# modified copies (see LICENSE in this folder).
FONTS = (
    ("DejaVuSans.ttf", "DejaVuSans-subset.ttf"),
    ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold-subset.ttf"),
)

# Code points to keep. Ranges are inclusive. Chosen for English-first text
# that may contain European names and typographic punctuation; anything
# outside this set is rendered by fpdf2 as a missing glyph, so the renderer
# never relies on characters that are not listed here.
UNICODE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin (printable ASCII)
    (0x00A0, 0x00FF),  # Latin-1 Supplement: accents, £, °, ×, ·, nbsp
    (0x0100, 0x017F),  # Latin Extended-A: Ł, Ő, Š, Ž, ...
    (0x0218, 0x021B),  # Romanian Ș ș Ț ț (Latin Extended-B, tiny slice)
    (0x02C6, 0x02C7),  # modifier circumflex and caron
    (0x02D8, 0x02DD),  # breve, dot above, ring, ogonek, tilde, double acute
    (0x2000, 0x206F),  # General Punctuation: ‘ ’ “ ” – — … • ‰ and spaces
    (0x20AC, 0x20AC),  # €
    (0x2116, 0x2116),  # №
    (0x2122, 0x2122),  # ™
    (0x2190, 0x2195),  # arrows ← ↑ → ↓ ↔ ↕
    (0x2212, 0x2212),  # minus sign
    (0x2264, 0x2265),  # ≤ ≥
    (0x25A1, 0x25A1),  # □ white square (tick boxes)
    (0x25CB, 0x25CB),  # ○ white circle
    (0x25CF, 0x25CF),  # ● black circle
    (0x2610, 0x2612),  # ☐ ☑ ☒ ballot boxes
    (0x2713, 0x2714),  # ✓ ✔ check marks
    (0xFFFD, 0xFFFD),  # replacement character
)


def codepoints() -> list[int]:
    """Every code point in UNICODE_RANGES, sorted."""
    return sorted({cp for lo, hi in UNICODE_RANGES for cp in range(lo, hi + 1)})


def make_subset(src: Path, dst: Path) -> int:
    """Write a subset of ``src`` to ``dst`` and return the new file size."""
    options = subset.Options()
    # Keep every name record: the copyright (ID 0) and licence (ID 13, 14)
    # strings must travel with the font under its licence.
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    # PDF viewers do their own rasterising; TrueType hinting only adds bytes.
    options.hinting = False
    # fpdf2 does not use OpenType shaping unless uharfbuzz is installed
    # (it is not in Pyodide), so layout tables are dead weight. The legacy
    # 'kern' table is dropped too for the same reason.
    options.layout_features = []
    options.drop_tables += ["kern", "FFTM", "MATH", "GSUB", "GPOS", "GDEF"]
    options.notdef_outline = True
    options.recalc_timestamp = False

    font = TTFont(src, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    font.save(dst)
    return dst.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder with DejaVu TTFs")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args()
    for src_name, dst_name in FONTS:
        size = make_subset(args.src / src_name, args.out / dst_name)
        print(f"{dst_name}: {size:,} bytes")


if __name__ == "__main__":
    main()
