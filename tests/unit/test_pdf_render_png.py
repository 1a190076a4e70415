"""Rasterise deck pages with poppler's pdftoppm and look at the pixels: pages are not blank,
every card cell that holds a card has ink, cells without a card stay empty, and every crisis
link on the cover sits on printed ink (the number it dials) inside the tinted crisis panel.

The PNG is read by a small decoder below (zlib + struct), so the check depends on nothing
but the standard library and pdftoppm.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from deckpdf import CARD_H, CARD_W, PAPER_SIZES_MM
from deckpdf.deck import PAD_X, card_box, grid_origin
from deckpdf.site import starter_deck, write_static_pdfs
from quiz.deck import select_deck
from tests.deckcheck import payload, read_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")

DPI = 50
PX_PER_MM = DPI / 25.4
INK = 200  # grey levels below this count as ink (0 black, 255 white)


# -- a tiny PNG decoder ---------------------------------------------------------------------
@dataclass(frozen=True)
class Grey:
    width: int
    height: int
    pixels: bytes  # one byte per pixel, row-major, 0 = black

    def at(self, x: int, y: int) -> int:
        return self.pixels[y * self.width + x]

    def ink_fraction(self, x0_mm: float, y0_mm: float, x1_mm: float, y1_mm: float) -> float:
        """Share of pixels darker than INK inside a box given in mm from the top left."""
        xs = range(max(0, round(x0_mm * PX_PER_MM)), min(self.width, round(x1_mm * PX_PER_MM)))
        ys = range(max(0, round(y0_mm * PX_PER_MM)), min(self.height, round(y1_mm * PX_PER_MM)))
        total = len(xs) * len(ys)
        assert total > 0, "empty box"
        dark = sum(1 for y in ys for x in xs if self.at(x, y) < INK)
        return dark / total


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data: bytes) -> Grey:
    """Decode an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB or RGBA) to grey levels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    assert header is not None, "no IHDR"
    width, height, depth, colour, _compression, _filter, interlace = header
    assert depth == 8 and interlace == 0, f"unsupported PNG: depth {depth}, interlace {interlace}"
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[colour]
    stride = width * channels
    raw = zlib.decompress(bytes(idat))
    assert len(raw) == height * (stride + 1), "truncated image data"

    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
            else:
                assert kind == 0, f"unknown filter {kind}"
        rows.append(line)
        previous = line

    grey = bytearray(width * height)
    for y, line in enumerate(rows):
        for x in range(width):
            px = line[x * channels : x * channels + channels]
            value = px[0] if channels <= 2 else (299 * px[0] + 587 * px[1] + 114 * px[2]) // 1000
            grey[y * width + x] = value
    return Grey(width, height, bytes(grey))


def render_page(pdf: bytes, page: int, tmp_path: Path) -> tuple[Path, Grey]:
    source = tmp_path / "deck.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
         str(source), str(prefix)],
        check=True,
        timeout=120,
    )  # fmt: skip
    png = prefix.with_suffix(".png")
    return png, decode_png(png.read_bytes())


# -- the decoder itself ---------------------------------------------------------------------
def _png(width: int, height: int, colour: int, rows: list[tuple[int, bytes]]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(bytes([f]) + line for f, line in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_decoder_handles_every_filter() -> None:
    # Row 0 raw; rows 1-4 use Sub, Up, Average and Paeth on a 3-pixel grey image.
    image = _png(3, 5, 0, [(0, b"\x0a\x14\x1e"), (1, b"\x05\x05\x05"), (2, b"\x01\x01\x01"), (3, b"\x00\x00\x00"),
                           (4, b"\x00\x00\x00")])  # fmt: skip
    grey = decode_png(image)
    assert (grey.width, grey.height) == (3, 5)
    assert list(grey.pixels[0:3]) == [10, 20, 30]
    assert list(grey.pixels[3:6]) == [5, 10, 15]  # Sub: running sum
    assert list(grey.pixels[6:9]) == [6, 11, 16]  # Up: +1 on the row above
    assert list(grey.pixels[9:12]) == [3, 7, 11]  # Average of left and up
    assert list(grey.pixels[12:15]) == [3, 7, 11]  # Paeth picks up here


def test_decoder_reads_rgb() -> None:
    grey = decode_png(_png(2, 1, 2, [(0, b"\xff\xff\xff\x00\x00\x00")]))
    assert list(grey.pixels) == [255, 0]


# -- rendered decks ---------------------------------------------------------------------------
def _cell_inner(index: int, paper: str) -> tuple[float, float, float, float]:
    x, y, w, h = card_box(index, *PAPER_SIZES_MM[paper])
    inset = PAD_X
    return x + inset, y + inset, x + w - inset, y + h - inset


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_full_sheet_has_ink_in_all_nine_cells(paper: str, tmp_path: Path) -> None:
    data = payload()
    chosen = select_deck(data["cards"], 1, ["everyday", "strangers"])
    assert len(chosen) == 9
    png, grey = render_page(starter_deck(data, 1, ["everyday", "strangers"], paper), 2, tmp_path)
    w_mm, h_mm = PAPER_SIZES_MM[paper]
    assert grey.width == pytest.approx(w_mm * PX_PER_MM, abs=1.5), png
    assert grey.height == pytest.approx(h_mm * PX_PER_MM, abs=1.5), png

    whole = grey.ink_fraction(0, 0, w_mm, h_mm)
    assert 0.01 < whole < 0.5, f"page looks blank or flooded: {whole:.3f} ink"
    for index in range(9):
        ink = grey.ink_fraction(*_cell_inner(index, paper))
        assert ink > 0.02, f"card cell {index + 1} on {paper} has almost no ink ({ink:.3f})"
        # Text sits in the top part, the write-in form in the bottom part: both must show.
        x0, y0, x1, y1 = _cell_inner(index, paper)
        middle = (y0 + y1) / 2
        assert grey.ink_fraction(x0, y0, x1, middle) > 0.01, f"cell {index + 1}: no text at the top"
        assert grey.ink_fraction(x0, middle, x1, y1) > 0.01, f"cell {index + 1}: no form at the bottom"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_margins_outside_the_grid_are_nearly_blank(paper: str, tmp_path: Path) -> None:
    _, grey = render_page(starter_deck(payload(), 2, ["money"], paper), 2, tmp_path)
    w_mm, h_mm = PAPER_SIZES_MM[paper]
    x0, y0 = grid_origin(w_mm, h_mm)
    x1, y1 = x0 + 3 * CARD_W, y0 + 3 * CARD_H
    # Only short edge marks may sit in the margins: well under 2% ink. (The cut lines on
    # the grid's own edges belong to the cards: the margins start 0.5 mm outside them.)
    for box in ((0, 0, x0 - 0.5, h_mm), (x1 + 0.5, 0, w_mm, h_mm)):
        assert grey.ink_fraction(*box) < 0.02, box
    if y0 > 2:  # Letter has under 8 mm top and bottom
        for box in ((x0, 0, x1, y0 - 0.5), (x0, y1 + 0.5, x1, h_mm)):
            assert grey.ink_fraction(*box) < 0.02, box


def test_short_sheet_leaves_empty_cells_blank(tmp_path: Path) -> None:
    data = payload()
    chosen = select_deck(data["cards"], 4, ["public"])  # levels 4 and 5 only: six cards
    assert len(chosen) == 6
    _, grey = render_page(starter_deck(data, 4, ["public"], "a4"), 2, tmp_path)
    for index in range(6):
        assert grey.ink_fraction(*_cell_inner(index, "a4")) > 0.02, f"cell {index + 1} is empty"
    for index in range(6, 9):
        assert grey.ink_fraction(*_cell_inner(index, "a4")) < 0.001, f"cell {index + 1} should be blank"


@pytest.mark.parametrize("page", [1, 3])
def test_cover_and_log_sheet_are_not_blank(page: int, tmp_path: Path) -> None:
    _, grey = render_page(starter_deck(payload(), 1, ["dating"], "letter"), page, tmp_path)
    w_mm, h_mm = PAPER_SIZES_MM["letter"]
    ink = grey.ink_fraction(0, 0, w_mm, h_mm)
    assert ink > 0.01, f"page {page} looks blank ({ink:.3f} ink)"
    # Ink in both halves: content is not squashed into one corner.
    assert grey.ink_fraction(0, 0, w_mm, h_mm / 2) > 0.005
    assert grey.ink_fraction(0, h_mm / 2, w_mm, h_mm) > 0.005


def _links_mm(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """(uri, x0, y0, x1, y1) of each link annotation, in mm from the top left."""
    sheet = read_pdf(pdf).pages[page - 1]
    height_pt = float(sheet.mediabox.height)
    out = []
    for annot in sheet.get("/Annots") or []:
        annot = annot.get_object()
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        mm = 25.4 / 72
        out.append((str(annot["/A"]["/URI"]), x0 * mm, (height_pt - y1) * mm, x1 * mm, (height_pt - y0) * mm))
    return out


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_cover_crisis_links_sit_on_printed_numbers(paper: str, tmp_path: Path) -> None:
    pdf = starter_deck(payload(), 2, ["everyday"], paper)
    _, grey = render_page(pdf, 1, tmp_path)
    links = _links_mm(pdf, 1)
    assert len(links) >= 5, links
    for uri, x0, y0, x1, y1 in links:
        assert uri.startswith(("tel:", "sms:", "https://")), uri
        assert grey.ink_fraction(x0, y0, x1, y1) > 0.05, f"no printed number under {uri}"


def test_worksheet_crisis_links_sit_on_printed_numbers(tmp_path: Path) -> None:
    (path,) = [p for p in write_static_pdfs(payload(), tmp_path) if p.name == "fear-ladder-worksheet-a4.pdf"]
    pdf = path.read_bytes()
    for page in (1, 2):
        _, grey = render_page(pdf, page, tmp_path)
        links = _links_mm(pdf, page)
        assert len(links) >= 5, (page, links)
        for uri, x0, y0, x1, y1 in links:
            assert grey.ink_fraction(x0, y0, x1, y1) > 0.05, f"page {page}: no printed number under {uri}"
