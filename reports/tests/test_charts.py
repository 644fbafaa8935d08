"""The bar charts' geometry: labels on their own line, shortened only when they must be."""

from reports.charts import CHAR, FONT, WIDTH, bar_chart

LONG = "Forging a shared future: Kyrgyzstan-China relations in focus and beyond"


def test_it_keeps_a_short_label_whole_and_shortens_a_long_one_with_an_ellipsis():
    chart = bar_chart([("True", 4, "4", "c"), (LONG, 2, "67% (2 of 3)", "c")])
    short, long = chart.bars
    assert short.shown_label == "True"
    assert long.label == LONG
    assert long.shown_label.endswith("…")
    assert LONG.startswith(long.shown_label[:-1])


def test_a_label_and_its_value_fit_on_one_line():
    chart = bar_chart([(LONG, 1, "100% (12 of 12)", "c")])
    bar = chart.bars[0]
    drawn = (len(bar.shown_label) + len(bar.text)) * FONT * CHAR
    assert drawn <= WIDTH


def test_bars_scale_to_the_largest_value_within_the_width():
    chart = bar_chart([("a", 10, "10", "c"), ("b", 5, "5", "c"), ("z", 0, "0", "c")])
    assert [b.width for b in chart.bars] == [WIDTH, WIDTH // 2, 0]
    assert chart.bars[1].y > chart.bars[0].bar_y  # each label below the bar before it


def test_an_empty_chart_has_a_height():
    chart = bar_chart([])
    assert chart.bars == []
    assert chart.height > 0
