"""Geometry for the server-rendered SVG bar charts: no JavaScript, no inline styles."""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 200
BAR_AREA = 320
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    css_class: str
    y: int
    width: int

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 6


@dataclass(frozen=True)
class BarChart:
    bars: list
    height: int
    label_width: int = LABEL_WIDTH
    value_x: int = LABEL_WIDTH + BAR_AREA + 6
    width: int = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(items, maximum=None):
    """items: (label, value, shown text, css class). Bars scale to the largest value."""
    items = list(items)
    top = maximum if maximum is not None else max((v for _, v, _, _ in items), default=0)
    bars = []
    for i, (label, value, text, css_class) in enumerate(items):
        width = round(BAR_AREA * value / top) if top else 0
        bars.append(
            Bar(
                label=str(label)[:32],
                value=value,
                text=text,
                css_class=css_class,
                y=i * (BAR_HEIGHT + GAP),
                width=width,
            )
        )
    height = max(len(bars) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)
    return BarChart(bars=bars, height=height)
