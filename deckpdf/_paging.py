"""Flowing measured blocks over as many pages as they need.

The deck and the worksheet place everything on fixed pages; the printed self-check is as long
as its questions. Blocks are small (a heading, a question, one rule), so a page breaks
between blocks, never inside one. A block marked ``keep_with_next`` moves to the next page
with the block after it, so no heading is left alone at the foot of a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deckpdf._blocks import Flow


@dataclass(frozen=True)
class Block:
    flow: Flow
    space_before: float  # dropped at the top of a page
    keep_with_next: bool


class Pager:
    """Collects blocks, then places them on pages between ``top`` and ``bottom`` (mm)."""

    def __init__(self, top: float, bottom: float, first_top: float | None = None) -> None:
        self.top = top
        self.bottom = bottom
        # The first page may start lower, under a title drawn separately.
        self.first_top = top if first_top is None else first_top
        self.blocks: list[Block] = []

    def add(self, flow: Flow, *, space_before: float = 0.0, keep_with_next: bool = False) -> None:
        if flow.height > 0:
            self.blocks.append(Block(flow, space_before, keep_with_next))

    def _groups(self) -> list[list[Block]]:
        groups: list[list[Block]] = []
        current: list[Block] = []
        for block in self.blocks:
            current.append(block)
            if not block.keep_with_next:
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        return groups

    def layout(self, what: str) -> list[list[tuple[Block, float]]]:
        """Each page's blocks with the y of their top edge. Raises ValueError naming ``what``
        if one block is taller than a whole page (it would otherwise be cut off)."""
        full = self.bottom - self.top
        pages: list[list[tuple[Block, float]]] = [[]]
        y = self.first_top

        def height(group: list[Block], at_top: bool) -> float:
            return sum(b.flow.height + (0 if at_top and i == 0 else b.space_before) for i, b in enumerate(group))

        def new_page() -> None:
            nonlocal y
            pages.append([])
            y = self.top

        def place(block: Block) -> None:
            nonlocal y
            if block.flow.height > full:
                raise ValueError(f"{what}: one block is taller than a page; shorten its text")
            at_top = not pages[-1]
            if not at_top and y + block.space_before + block.flow.height > self.bottom:
                new_page()
                at_top = True
            y += 0 if at_top else block.space_before
            pages[-1].append((block, y))
            y += block.flow.height

        for group in self._groups():
            at_top = not pages[-1]
            needed = height(group, at_top)
            if not at_top and y + needed > self.bottom and height(group, True) <= full:
                new_page()
            for block in group:
                place(block)
        return pages if pages[-1] else pages[:-1]

    def draw(self, what: str, start_page: Callable[[int, int], None]) -> int:
        """Lay out and draw every block; ``start_page(index, count)`` adds each page (and
        anything drawn on every page, such as "page 2 of 5") first. Returns the page count."""
        pages = self.layout(what)
        for index, placed in enumerate(pages):
            start_page(index, len(pages))
            for block, y in placed:
                block.flow.draw(y)
        return len(pages)
