"""Two charts of a log, as accessible SVG, drawn from :func:`experiments.summary.summarise`.

1. The chance of a no: what the person predicted before each try (dashed line, hollow
   circles) beside how often they really got a no over their last few tries (solid line,
   filled squares).
2. How bad: what they predicted a no would feel like (hollow circle) and how bad it really
   was (filled square), each try's pair joined by a thin line.
3. Only when entries carry beliefs: belief in the feared outcome before and after, drawn as
   the second chart is.

Each chart is first a :class:`Plan` (its series, scale, words and table), which this module
draws as SVG and ``deckpdf.progress`` draws in the printed report, so both show the same.
Every chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``, and comes with
the same numbers as a table (:class:`Table`, with :meth:`Table.html`), because a chart alone
shuts out anyone who cannot see it. Colours are the page's own (CSS custom properties with a
fallback, and ``currentColor``), so they follow a light or dark scheme, and no series is told
apart by colour alone: each has its own marker and line style. Text a person wrote (their
own ask) is escaped wherever it is printed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 44, 58  # room for the axis labels and the legend
MAX_X_LABELS = 12
# Stroke and fill of each series: the page's colours where they exist, a fallback elsewhere.
FOREGROUND = "var(--md-default-fg-color, currentColor)"
ACCENT = "var(--md-accent-fg-color, #526cfe)"
COLOURS = {"predicted": ACCENT, "happened": FOREGROUND}

PERCENT_TICKS = (0, 25, 50, 75, 100)
BAD_TICKS = (0, 2, 4, 6, 8, 10)


@dataclass(frozen=True)
class Table:
    """A chart's numbers as rows of text, oldest try first."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def html(self) -> str:
        """A ``<table>`` with a caption and column headers; every cell escaped."""
        head = "".join(f'<th scope="col">{html.escape(cell)}</th>' for cell in self.headers)
        body = "".join(
            "<tr>" + f'<th scope="row">{html.escape(row[0])}</th>' + "".join(
                f"<td>{html.escape(cell)}</td>" for cell in row[1:]
            ) + "</tr>"
            for row in self.rows
        )  # fmt: skip
        return (
            f"<table><caption>{html.escape(self.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def to_json(self) -> dict[str, Any]:
        return {"caption": self.caption, "headers": list(self.headers), "rows": [list(row) for row in self.rows]}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: str
    table: Table

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "svg": self.svg,
            "table": self.table.to_json(),
            "table_html": self.table.html(),
        }


@dataclass(frozen=True)
class Series:
    """One series to draw: its values by try (None where a try has none), its legend label,
    its marker ("circle" hollow, "square" filled) and whether a line joins its points."""

    label: str
    values: tuple[float | int | None, ...]
    role: str  # "predicted" or "happened": which colour the series is drawn in
    marker: str
    line: str = ""  # "", "solid" or "dashed"

    @property
    def colour(self) -> str:
        return COLOURS[self.role]


@dataclass(frozen=True)
class Plan:
    """A chart before it is drawn: what the SVG here and the printed report both draw."""

    id: str
    title: str
    description: str
    top: int  # the value at the top of the y axis (the bottom is 0)
    ticks: tuple[int, ...]
    unit: str
    series: tuple[Series, ...]
    pairs: bool  # join each try's two values with a thin line
    dates: tuple[str, ...]  # one per try, oldest first
    table: Table


def number(value: float | int | None) -> str:
    """A figure as the charts and tables print it: "70", "66.7", or "–" for none."""
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.1f}".removesuffix(".0")


def tick_positions(count: int) -> list[int]:
    """Which tries (from 0) get a number under the axis: all of up to MAX_X_LABELS, else
    every n-th from the first, and the last."""
    if count <= MAX_X_LABELS:
        return list(range(count))
    step = -(-count // (MAX_X_LABELS - 1))
    positions = list(range(0, count, step))
    if count - 1 - positions[-1] <= step / 2:
        positions.pop()  # too close to the last one to print both
    return [*positions, count - 1]


def _c(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


class _Plot:
    """Coordinates of one chart: tries along x (oldest first), ``top`` at the top of y."""

    def __init__(self, count: int, top: int) -> None:
        self.count = count
        self.top = top
        self.width = WIDTH - LEFT - RIGHT
        self.height = HEIGHT - TOP - BOTTOM

    def x(self, position: int) -> float:
        # Half a step of padding at each end; a single try sits in the middle.
        step = self.width / max(self.count, 1)
        return LEFT + step * (position + 0.5)

    def y(self, value: float) -> float:
        return TOP + self.height * (1 - value / self.top)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return (
            f'<rect x="{_c(x - 4.5)}" y="{_c(y - 4.5)}" width="9" height="9" '
            f'style="fill:{colour};stroke:{colour};stroke-width:1.5"/>'
        )
    return f'<circle cx="{_c(x)}" cy="{_c(y)}" r="5" style="fill:none;stroke:{colour};stroke-width:2"/>'


def _dash(line: str) -> str:
    return ";stroke-dasharray:7 5" if line == "dashed" else ""


def _axes(plot: _Plot, ticks: Sequence[int], unit: str, axis_title: str, dates: Sequence[str]) -> list[str]:
    parts = []
    for tick in ticks:
        y = plot.y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{_c(y)}" x2="{WIDTH - RIGHT}" y2="{_c(y)}" '
            'style="stroke:currentColor;stroke-opacity:0.2;stroke-width:1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{_c(y + 4)}" text-anchor="end" '
            f'style="fill:currentColor;font-size:12px">{tick}{unit}</text>'
        )
    bottom = TOP + plot.height
    parts.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" '
        'style="stroke:currentColor;stroke-width:1"/>'
    )
    count = plot.count
    if count:
        positions = tick_positions(count)
        for position in positions:
            parts.append(
                f'<text x="{_c(plot.x(position))}" y="{bottom + 16}" text-anchor="middle" '
                f'style="fill:currentColor;font-size:12px">{position + 1}</text>'
            )
        first, last = html.escape(dates[0]), html.escape(dates[-1])
        span = first if first == last else f"{first} to {last}"
        parts.append(
            f'<text x="{LEFT + plot.width / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
            f'style="fill:currentColor;font-size:12px">{html.escape(axis_title)} ({span})</text>'
        )
    else:
        parts.append(
            f'<text x="{LEFT + plot.width / 2:.1f}" y="{TOP + plot.height / 2:.1f}" text-anchor="middle" '
            f'style="fill:currentColor;font-size:14px">{html.escape(NO_ENTRIES)}</text>'
        )
    return parts


def _legend(series: Sequence[Series]) -> list[str]:
    parts = []
    x = LEFT
    for item in series:
        if item.line:
            parts.append(
                f'<line x1="{x}" y1="18" x2="{x + 28}" y2="18" '
                f'style="stroke:{item.colour};stroke-width:2{_dash(item.line)}"/>'
            )
        parts.append(_marker(item.marker, x + 14, 18, item.colour))
        parts.append(
            f'<text x="{x + 36}" y="22" style="fill:currentColor;font-size:13px">{html.escape(item.label)}</text>'
        )
        # A rough advance of 7 px a character at 13 px keeps the labels apart.
        x += 36 + 7 * len(item.label) + 24
    return parts


def _svg(chart_id: str, title: str, description: str, body: Sequence[str]) -> str:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{html.escape(title_id)} {html.escape(desc_id)}" class="experiments-chart" '
        f'id="{html.escape(chart_id)}" style="font-family:inherit">'
        f'<title id="{html.escape(title_id)}">{html.escape(title)}</title>'
        f'<desc id="{html.escape(desc_id)}">{html.escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _draw(plot: _Plot, series: Sequence[Series], pairs: bool) -> list[str]:
    parts: list[str] = []
    if pairs and len(series) == 2:
        # A thin line from each try's first value to its second shows the change at a glance.
        for position, (a, b) in enumerate(zip(series[0].values, series[1].values, strict=True)):
            if a is not None and b is not None and a != b:
                x = _c(plot.x(position))
                parts.append(
                    f'<line x1="{x}" y1="{_c(plot.y(a))}" x2="{x}" y2="{_c(plot.y(b))}" '
                    'style="stroke:currentColor;stroke-opacity:0.45;stroke-width:1.5"/>'
                )
    for item in series:
        points = [(plot.x(p), plot.y(v)) for p, v in enumerate(item.values) if v is not None]
        if item.line and len(points) > 1:
            path = " ".join(f"{_c(x)},{_c(y)}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" style="fill:none;stroke:{item.colour};stroke-width:2{_dash(item.line)}"/>'
            )
        parts += [_marker(item.marker, x, y, item.colour) for x, y in points]
    return parts


NO_ENTRIES = "No experiments yet"
TRIES = "Tries, oldest first"


def _card_name(card: str, titles: Mapping[str, str] | None) -> str:
    return titles.get(card, card) if titles else card


def _rows(
    series: Sequence[Mapping[str, Any]],
    titles: Mapping[str, str] | None,
    cells: Callable[[Mapping[str, Any]], tuple[str, ...]],
    keep: Callable[[Mapping[str, Any]], bool] = lambda point: True,
) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (str(point["number"]), point["date"], _card_name(point["card"], titles), *cells(point))
        for point in series
        if keep(point)
    )


def no_plan(
    summary: Mapping[str, Any], *, chart_id: str = "experiments-no", titles: Mapping[str, str] | None = None
) -> Plan:
    """Predicted chance of a no, against how often a no came (rolling)."""
    series = summary["series"]
    window = summary["rolling_window"]
    title = "Chance of a no: what you predicted and what happened"
    predicted = Series(
        "You predicted (each try)", tuple(p["predicted_no"] for p in series), "predicted", "circle", "dashed"
    )
    rolling = tuple(p["observed_no_rate_rolling"] for p in series)
    observed = Series(f"You got a no (last {window} tries)", rolling, "happened", "square", "solid")
    if series:
        tries = "try" if len(series) == 1 else "tries"
        last = min(window, len(series))
        description = (
            f"{len(series)} {tries} from {series[0]['date']} to {series[-1]['date']}. "
            f"On average you predicted a {number(summary['predicted_no_mean'])}% chance of a no; "
            f"you got a no in {number(summary['observed_no_rate'])}% of tries. "
            f"Over your last {last} {'try' if last == 1 else 'tries'} you predicted "
            f"{number(series[-1]['predicted_no_rolling'])}% on average and got a no in "
            f"{number(series[-1]['observed_no_rate_rolling'])}%."
        )
    else:
        description = f"{NO_ENTRIES}: the chart fills in as you add tries."
    table = Table(
        caption=title,
        headers=("Try", "Date", "Card", "Predicted chance of a no (%)", "Got a no?",
                 f"Got a no, last {window} tries (%)"),
        rows=_rows(series, titles, lambda p: (
            number(p["predicted_no"]), "yes" if p["got_no"] else "no", number(p["observed_no_rate_rolling"]))),
    )  # fmt: skip
    return Plan(
        chart_id, title, description, 100, PERCENT_TICKS, "%", (predicted, observed), False, _dates(series), table
    )


def _dates(series: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(point["date"] for point in series)


def _paired(
    summary: Mapping[str, Any],
    *,
    chart_id: str,
    title: str,
    keys: tuple[str, str],
    labels: tuple[str, str],
    top: int,
    ticks: tuple[int, ...],
    unit: str,
    describe: Callable[[Sequence[Mapping[str, Any]]], str],
    headers: tuple[str, str],
    titles: Mapping[str, str] | None,
) -> Plan:
    series = summary["series"]
    first = Series(labels[0], tuple(p[keys[0]] for p in series), "predicted", "circle")
    second = Series(labels[1], tuple(p[keys[1]] for p in series), "happened", "square")
    description = describe(series) if series else f"{NO_ENTRIES}: the chart fills in as you add tries."
    table = Table(
        caption=title,
        headers=("Try", "Date", "Card", *headers),
        rows=_rows(series, titles, lambda p: (number(p[keys[0]]), number(p[keys[1]])),
                   keep=lambda p: p[keys[0]] is not None or p[keys[1]] is not None),
    )  # fmt: skip
    return Plan(chart_id, title, description, top, ticks, unit, (first, second), True, _dates(series), table)


def bad_plan(
    summary: Mapping[str, Any], *, chart_id: str = "experiments-bad", titles: Mapping[str, str] | None = None
) -> Plan:
    """How bad a no would be (predicted) against how bad it really was, try by try."""

    def describe(series: Sequence[Mapping[str, Any]]) -> str:
        better = sum(1 for p in series if p["actual_bad"] < p["predicted_bad"])
        worse = sum(1 for p in series if p["actual_bad"] > p["predicted_bad"])
        same = len(series) - better - worse
        return (
            f"{len(series)} {'try' if len(series) == 1 else 'tries'}, on a scale of 0 to 10. "
            f"On average you predicted {number(summary['predicted_bad_mean'])} and it really was "
            f"{number(summary['actual_bad_mean'])}. It was less bad than predicted {better} "
            f"{'time' if better == 1 else 'times'}, worse {worse} {'time' if worse == 1 else 'times'}, "
            f"and as predicted {same} {'time' if same == 1 else 'times'}."
        )

    return _paired(
        summary,
        chart_id=chart_id,
        title="How bad: what you predicted and how it really was",
        keys=("predicted_bad", "actual_bad"),
        labels=("Predicted (0–10)", "How it really was (0–10)"),
        top=10,
        ticks=BAD_TICKS,
        unit="",
        describe=describe,
        headers=("Predicted: how bad (0–10)", "Really: how bad (0–10)"),
        titles=titles,
    )


def belief_plan(
    summary: Mapping[str, Any], *, chart_id: str = "experiments-belief", titles: Mapping[str, str] | None = None
) -> Plan | None:
    """Belief in the feared outcome before and after each try; None when no entry has one."""
    counts = summary["belief_entries"]
    if not counts["before"] and not counts["after"]:
        return None

    def describe(series: Sequence[Mapping[str, Any]]) -> str:
        return (
            f"{counts['before']} {'try' if counts['before'] == 1 else 'tries'} with a belief rated before and "
            f"{counts['after']} with one rated after, from 0 to 100%. On average your belief in what you feared "
            f"was {number(summary['belief_before_mean'])}% before and {number(summary['belief_after_mean'])}% after."
        )

    return _paired(
        summary,
        chart_id=chart_id,
        title="How strongly you believed what you feared, before and after",
        keys=("belief_before", "belief_after"),
        labels=("Before (%)", "After (%)"),
        top=100,
        ticks=PERCENT_TICKS,
        unit="%",
        describe=describe,
        headers=("Belief before (%)", "Belief after (%)"),
        titles=titles,
    )


def plans(summary: Mapping[str, Any], *, titles: Mapping[str, str] | None = None) -> list[Plan]:
    """Every chart the summary calls for: always the chance of a no and how bad, and the
    beliefs when entries carry them."""
    found = [no_plan(summary, titles=titles), bad_plan(summary, titles=titles)]
    belief = belief_plan(summary, titles=titles)
    return found if belief is None else [*found, belief]


def render_svg(plan: Plan) -> str:
    plot = _Plot(len(plan.dates), plan.top)
    body = [*_legend(plan.series), *_axes(plot, plan.ticks, plan.unit, TRIES, plan.dates)]
    body += _draw(plot, plan.series, plan.pairs)
    return _svg(plan.id, plan.title, plan.description, body)


def charts(summary: Mapping[str, Any], *, titles: Mapping[str, str] | None = None) -> list[Chart]:
    """:func:`plans`, drawn as SVG."""
    return [
        Chart(plan.id, plan.title, plan.description, render_svg(plan), plan.table)
        for plan in plans(summary, titles=titles)
    ]
