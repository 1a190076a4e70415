"""The self-check on paper: every question with its answers, a scoring key, and what each
outcome means, most cautious first, with the crisis and help contacts.

For readers whose browser cannot run the engine (no WebAssembly, a blocked script, no
connection), for anyone who would rather not answer on a screen, and for clinicians to hand
out. It holds no words of its own: the fixed phrases are the topic's (``paper.words`` in its
self-check.json, see :class:`~deckpdf.paper_schema.PaperWords`), the questions, rules and
sources the engine's (:mod:`deckpdf.paper_source`), the contacts the site's contacts.yml.

Layout: a title and the crisis panel on the first page, so help comes before any question;
then the questions, the key and the meanings, flowing over as many pages as they need
(:mod:`deckpdf._paging`), with the one-line crisis line and "page N of M" at the foot of
every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from deckpdf._blocks import NUMBER_PT, Flow, crisis_box, crisis_runs, section_heading
from deckpdf._doc import ACCENT, INK, MUTED, RULE, Doc, Line, Run, Style, Token, clean
from deckpdf._paging import Pager
from deckpdf.contacts import ListedContact, Piece, line_items, list_items
from deckpdf.deck import MARGIN
from deckpdf.paper_schema import PaperCheck, PaperWords, Question, Rule, Section

TITLE = Style(19, bold=True, color=INK, leading=1.15)
SUBTITLE = Style(10.5, color=MUTED, leading=1.3)
PART = Style(14, bold=True, color=ACCENT, leading=1.25)
HEADING = Style(11.5, bold=True, color=INK, leading=1.3)
BODY = Style(9.5, color=INK, leading=1.35)
BOLD = Style(9.5, bold=True, color=INK, leading=1.35)
QUESTION = Style(10, color=INK, leading=1.3)
NUMBER = Style(10, bold=True, color=ACCENT, leading=1.3)
OPTION = Style(9.5, color=INK, leading=1.3)
SMALL = Style(8, color=MUTED, leading=1.3)
SMALL_BOLD = Style(8, bold=True, color=MUTED, leading=1.3)
FOOT = Style(7.5, color=MUTED, leading=1.25)
FOOT_STRONG = Style(8.5, bold=True, color=INK, leading=1.25)
STRONG = Style(NUMBER_PT, bold=True, color=INK, leading=1.3)

INDENT = 9.0  # the question number's column: room for "99." at 10 pt bold
MARK = 3.2  # the answer box's side (mm): big enough to tick with a pen
MARK_GAP = 1.6  # between a box and its words
OPTION_GAP = 6.0  # between one answer and the next on a row
OPTION_ROW_GAP = 1.6


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _numbers(numbers: Sequence[int]) -> str:
    """(1, 2, 3) -> "1–3"; (4, 6) -> "4, 6": the questions a score adds up."""
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def _options(doc: Doc, flow: Flow, question: Question) -> None:
    """The answers as tick boxes (square where several may be ticked, round where one is),
    left to right, wrapping to new rows; a number beside an answer is what it adds to a score."""
    x0, width = flow.x + INDENT, flow.width - INDENT
    label_w = width - MARK - MARK_GAP
    # (x, y offset, lines) per answer, rows laid out before anything is drawn.
    placed: list[tuple[float, float, list[Line]]] = []
    x, y, row_h = x0, 0.0, 0.0
    for option in question.options:
        text = clean(option.label) + (f" ({option.score})" if option.score is not None else "")
        lines = doc.wrap([(text, OPTION)], label_w)
        w = MARK + MARK_GAP + max(doc.line_width(line) for line in lines)
        if x > x0 and x + w > x0 + width:
            x, y, row_h = x0, y + row_h + OPTION_ROW_GAP, 0.0
        placed.append((x, y, lines))
        row_h = max(row_h, doc.height_of(lines))
        x += w + OPTION_GAP
    height = y + row_h

    def draw(top: float) -> None:
        doc.pdf.set_draw_color(*INK)
        doc.pdf.set_line_width(0.3)
        for bx, by, lines in placed:
            mark_top = top + by + (OPTION.line_height - MARK) / 2
            if question.several:
                doc.pdf.rect(bx, mark_top, MARK, MARK, style="D")
            else:
                doc.pdf.ellipse(bx, mark_top, MARK, MARK, style="D")
            doc.draw_lines(lines, bx + MARK + MARK_GAP, top + by)

    flow.custom(height, draw)


def _question(doc: Doc, x: float, width: float, question: Question, words: PaperWords) -> Flow:
    flow = Flow(doc, x, width)
    runs: list[Run] = [(clean(question.text), QUESTION)]
    if question.several:
        runs.append((clean(words.choose_one_or_more), SMALL))
    lines = doc.wrap(runs, width - INDENT)
    # The number right-aligned in its own column, so "12." lines up with "9." and never
    # runs into the question.
    number = Line((Token(f"{question.number}.", NUMBER),), NUMBER.line_height)

    def draw(top: float) -> None:
        doc.draw_line(number, x, top, "R", INDENT - 1.8)
        doc.draw_lines(lines, x + INDENT, top)

    flow.custom(doc.height_of(lines), draw)
    flow.gap(1.4)
    _options(doc, flow, question)
    return flow


def _section_head(doc: Doc, x: float, width: float, section: Section, words: PaperWords) -> Flow:
    flow = Flow(doc, x, width)
    flow.paragraph([(clean(section.title), HEADING)])
    flow.gap(0.8)
    flow.paragraph([(clean(section.intro), BODY)])
    # As the page's form does: the "not validated" line only where no notice says it already.
    for text in (section.notice, None if section.validated or section.notice else words.not_validated):
        if text:
            flow.gap(0.8)
            flow.paragraph([(clean(text), SMALL)])
    if section.source:
        flow.gap(0.8)
        flow.paragraph([(clean(words.source), SMALL_BOLD), (clean(section.source), SMALL)])
    if section.stem:
        flow.gap(1.6)
        flow.paragraph([(clean(section.stem), BOLD)])
    return flow


def _part(doc: Doc, x: float, width: float, text: str) -> Flow:
    flow = Flow(doc, x, width)
    section_heading(doc, flow, clean(text), PART)
    return flow


def _text(doc: Doc, x: float, width: float, runs: Sequence[Run], bullet: Token | None = None) -> Flow:
    flow = Flow(doc, x, width)
    flow.paragraph(runs, indent=4.5 if bullet else 0.0, bullet=bullet)
    return flow


def _bullet(style: Style = BODY) -> Token:
    return Token("•", Style(style.size, bold=True, color=ACCENT, leading=style.leading))


def _rule(doc: Doc, x: float, width: float, rule: Rule, words: PaperWords) -> Flow:
    flow = Flow(doc, x, width)
    flow.paragraph([(clean(rule.text), BODY)], indent=4.5, bullet=_bullet())
    flow.gap(0.4)
    flow.paragraph([(clean(words.source), SMALL_BOLD), (clean(rule.source), SMALL)], indent=4.5)
    return flow


def _contact(doc: Doc, x: float, width: float, heading: str, ways: list[Piece], sentences: list[str]) -> Flow:
    """One service of the contact list, as the site's contacts_list() shows it."""
    if ways:
        ways = [replace(ways[0], text=_capital(ways[0].text)), *ways[1:], Piece(".")]
    runs: list[Run] = [(clean(heading), BOLD), *crisis_runs([ways], BODY, STRONG)]
    runs += [(clean(sentence), BODY) for sentence in sentences]
    return _text(doc, x, width, runs, bullet=_bullet())


def _footer(doc: Doc, x: float, width: float, words: PaperWords, crisis: list[Run], page: int, pages: int) -> float:
    """The crisis line and the page number at the foot of the page; returns the top of it."""
    lines = doc.wrap([(clean(words.crisis_heading), FOOT_STRONG), *crisis], width)
    number = doc.wrap([(clean(words.footer.format(page=page, pages=pages)), FOOT)], width)
    top = doc.height - MARGIN + 4 - doc.height_of(lines) - doc.height_of(number) - 1.0
    doc.hline(x, x + width, top - 2.0, RULE, 0.2)
    y = doc.draw_lines(lines, x, top)
    doc.draw_lines(number, x, y + 1.0, "R", width)
    return top - 2.0


def render_paper_check(
    check: PaperCheck,
    words: PaperWords,
    *,
    paper: str = "a4",
    contacts: Sequence[ListedContact],
    listed: Sequence[ListedContact] | None = None,
    subtitle: str = "",
    author: str = "",
    created: datetime | None = None,
) -> bytes:
    """Render the printable self-check and return the PDF bytes.

    ``contacts``: the site's crisis and help contacts; the crisis line shows those marked
    ``in_line`` (there must be one), as the site's does. ``listed``: the contacts the list
    under the crisis outcome shows (default: all of them). ``subtitle``: a line under the title, such as the site's
    name. Raises ValueError, saying what, if the contacts are missing or a block of text is
    taller than a page.
    """
    title = clean(words.title)
    if not title:
        raise ValueError("the printed self-check needs a title (paper.words.title)")
    line = line_items(contacts)
    if not line:
        raise ValueError("the printed self-check needs at least one contact marked 'in_line' for its crisis line")
    doc = Doc(paper=paper, title=title, author=author or title, subject=clean(subtitle) or title, created=created)
    x, width = MARGIN, doc.width - 2 * MARGIN
    crisis = crisis_runs(line, FOOT, FOOT_STRONG, " · ")
    # Every page's foot is the same height ("page 9 of 9" is the widest number it prints).
    probe = Doc(paper=paper, title=title, author=title)
    probe.pdf.add_page()
    body_bottom = _footer(probe, x, width, words, crisis, 99, 99) - 4.0

    head = Flow(doc, x, width)
    head.paragraph([(title, TITLE)])
    if subtitle:
        head.gap(1.2)
        head.paragraph([(clean(subtitle), SUBTITLE)])
    head.gap(4)
    head.paragraph([(clean(check.intro), BODY)])
    head.gap(2)
    head.paragraph([(clean(words.intro), BODY)])
    head.gap(4)
    pager = Pager(MARGIN, body_bottom, first_top=MARGIN)
    pager.add(head)
    pager.add(crisis_box(doc, x, width, clean(words.crisis_heading), line))

    # -- the questions ----------------------------------------------------------------------
    pager.add(_part(doc, x, width, words.questions_heading), space_before=7, keep_with_next=True)
    for index, section in enumerate(check.sections):
        pager.add(_section_head(doc, x, width, section, words), space_before=2 if index == 0 else 6,
                  keep_with_next=True)  # fmt: skip
        for question in section.questions:
            pager.add(_question(doc, x, width, question, words), space_before=3.5)

    # -- the scoring key ----------------------------------------------------------------------
    pager.add(_part(doc, x, width, words.key_heading), space_before=9, keep_with_next=True)
    pager.add(_text(doc, x, width, [(clean(words.key_intro), BODY)]), space_before=1.5)
    if check.scores:
        pager.add(_text(doc, x, width, [(clean(words.scores_heading), HEADING)]), space_before=5, keep_with_next=True)
        for score in check.scores:
            sentence = words.score_line.format(
                label=clean(score.label), questions=_numbers(score.questions), low=score.low, high=score.high
            )
            pager.add(_text(doc, x, width, [(clean(sentence), BODY)], bullet=_bullet()), space_before=1.5)
    pager.add(_text(doc, x, width, [(clean(words.rules_heading), HEADING)]), space_before=5, keep_with_next=True)
    for group in check.groups:
        leads = clean(words.leads_to.format(summary=group.summary))
        pager.add(_text(doc, x, width, [(leads, BOLD)]), space_before=3.5, keep_with_next=True)
        for rule in group.rules:
            pager.add(_rule(doc, x, width, rule, words), space_before=1.5)
    otherwise = clean(words.otherwise.format(summary=check.default_summary))
    pager.add(_text(doc, x, width, [(otherwise, BOLD)]), space_before=3.5)
    if check.start_rules:
        pager.add(_text(doc, x, width, [(clean(words.start_heading), HEADING)]), space_before=5, keep_with_next=True)
        for rule in check.start_rules:
            pager.add(_rule(doc, x, width, rule, words), space_before=1.5)

    # -- what each outcome means, most cautious first, and where to get help ------------------
    pager.add(_part(doc, x, width, words.outcomes_heading), space_before=9, keep_with_next=True)
    crisis_count = sum(1 for meaning in check.meanings if meaning.crisis)
    for index, meaning in enumerate(check.meanings):
        pager.add(_text(doc, x, width, [(_capital(clean(meaning.summary)), HEADING)]), space_before=4 if index else 1,
                  keep_with_next=True)  # fmt: skip
        pager.add(_text(doc, x, width, [(clean(meaning.text), BODY)]), space_before=0.8)
        # The contacts straight after the crisis outcomes (or after the last outcome when the
        # topic has none): the place a reader in crisis has just been sent to.
        if index + 1 == (crisis_count or len(check.meanings)):
            pager.add(_text(doc, x, width, [(clean(words.contacts_heading), HEADING)]), space_before=4,
                      keep_with_next=True)  # fmt: skip
            for heading, ways, sentences in list_items(contacts if listed is None else listed):
                pager.add(_contact(doc, x, width, heading, ways, sentences), space_before=1.5)

    def start_page(index: int, pages: int) -> None:
        doc.pdf.add_page()
        _footer(doc, x, width, words, crisis, index + 1, pages)

    pager.draw("the printed self-check", start_page)
    return doc.output()
