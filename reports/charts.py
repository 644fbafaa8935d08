"""Geometry for the server-rendered SVG bar charts: no JavaScript, no inline styles.

Each bar has its label on a line of its own above it, with the bar's value at
the right end of that line, so a long label never pushes the bars aside or is
cut off on the left. The chart is narrow (WIDTH units) so that, shrunk to fit
a phone's screen, its 14-unit text is still drawn at about 12 px or more. A
label longer than its line is shortened with "…"; its full text is the bar's
<title>, the chart's <desc> and the table beside the chart.
"""

from dataclasses import dataclass

WIDTH = 320
FONT = 14  # also .bar-chart text's font-size in factcheck.css
LINE = 18  # the label line's height
BAR_HEIGHT = 14
GAP = 12  # between one bar and the next label
ROW = LINE + BAR_HEIGHT + GAP
# A generous average width of one character, as a share of the font size: a
# shortened label errs on the short side rather than running past the edge.
CHAR = 0.56
VALUE_GAP = 10


def _fits(text, room):
    """`text`, shortened with "…" to about `room` units wide."""
    most = max(int(room / (FONT * CHAR)), 4)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


@dataclass(frozen=True)
class Bar:
    label: str  # the full label
    shown_label: str  # as drawn: shortened to its line
    value: float
    text: str
    css_class: str
    y: int  # the top of the label line
    width: int

    @property
    def text_y(self):
        return self.y + LINE - 4

    @property
    def bar_y(self):
        return self.y + LINE


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
    bars = []
    for i, (label, value, text, css_class) in enumerate(items):
        label, text = str(label), str(text)
        room = WIDTH - len(text) * FONT * CHAR - VALUE_GAP
        bars.append(
            Bar(
                label=label,
                shown_label=_fits(label, room),
                value=value,
                text=text,
                css_class=css_class,
                y=i * ROW,
                width=round(WIDTH * value / top) if top else 0,
            )
        )
    height = max(len(bars) * ROW - GAP, ROW - GAP)
    return BarChart(bars=bars, height=height)
