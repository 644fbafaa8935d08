"""Geometry for the server-rendered SVG bar charts: no JavaScript, no inline styles.

Each bar has its label above it, on one or two lines of its own, with the
bar's value at the right end of the first, so a long label never pushes the
bars aside or is cut off on the left. The chart is narrow (WIDTH units) so
that, shrunk to fit a phone's screen, its 14-unit text is still drawn at about
12 px or more. A label longer than two lines is shortened with "…"; its full
text is the bar's <title>, the chart's <desc> and the table beside the chart.
"""

import textwrap
from dataclasses import dataclass

WIDTH = 320
FONT = 14  # also .bar-chart text's font-size in factcheck.css
LINE = 18  # a label line's height
LABEL_LINES = 2
BAR_HEIGHT = 14
GAP = 12  # between one bar and the next label
ROW = LINE + BAR_HEIGHT + GAP  # a bar with a one-line label
# A generous average width of one character, as a share of the font size: a
# shortened label errs on the short side rather than running past the edge.
CHAR = 0.56
VALUE_GAP = 10


def _chars(room):
    return max(int(room / (FONT * CHAR)), 4)


def _label_lines(label, first_room):
    """The label on at most LABEL_LINES lines, the first `first_room` units wide."""
    first = textwrap.wrap(label, _chars(first_room), break_on_hyphens=False) or [""]
    head, rest = first[0], label[len(first[0]) :].strip()
    if not rest:
        return [head]
    most = _chars(WIDTH)
    if len(rest) > most:
        rest = rest[: most - 1].rstrip() + "…"
    return [head, rest][:LABEL_LINES]


@dataclass(frozen=True)
class Bar:
    label: str  # the full label
    lines: list  # the label as drawn, a line or two
    value: float
    text: str
    css_class: str
    y: int  # the top of the label's first line
    width: int

    @property
    def shown_label(self):
        return " ".join(self.lines)

    @property
    def text_y(self):
        return self.y + LINE - 4

    @property
    def label_lines(self):
        """(text, baseline) of each of the label's lines."""
        return [(line, self.text_y + i * LINE) for i, line in enumerate(self.lines)]

    @property
    def bar_y(self):
        return self.y + LINE * len(self.lines)

    @property
    def bottom(self):
        return self.bar_y + BAR_HEIGHT


@dataclass(frozen=True)
class BarChart:
    bars: list
    height: int
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items, maximum=None):
    """items: (label, value, shown text, css class). Bars scale to the largest value."""
    items = list(items)
    top = maximum if maximum is not None else max((v for _, v, _, _ in items), default=0)
    bars, y = [], 0
    for label, value, text, css_class in items:
        label, text = str(label), str(text)
        room = WIDTH - len(text) * FONT * CHAR - VALUE_GAP
        bar = Bar(
            label=label,
            lines=_label_lines(label, room),
            value=value,
            text=text,
            css_class=css_class,
            y=y,
            width=round(WIDTH * value / top) if top else 0,
        )
        bars.append(bar)
        y = bar.bottom + GAP
    return BarChart(bars=bars, height=max(y - GAP, ROW - GAP))
