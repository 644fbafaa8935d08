"""The bar charts' geometry: labels on their own line, shortened only when they must be."""

from reports.charts import CHAR, FONT, WIDTH, bar_chart

LONG = "Forging a shared future: Kyrgyzstan-China relations in focus and beyond"


def test_it_keeps_a_short_label_on_one_line_and_wraps_a_long_one_on_two():
    chart = bar_chart([("True", 4, "4", "c"), (LONG[:60], 2, "67% (2 of 3)", "c")])
    short, long = chart.bars
    assert short.lines == ["True"]
    assert len(long.lines) == 2
    assert long.shown_label == LONG[:60]
    assert long.bar_y == long.y + 2 * (short.bar_y - short.y)


def test_it_shortens_a_label_longer_than_two_lines_with_an_ellipsis():
    label = LONG * 3
    bar = bar_chart([(label, 1, "1", "c")]).bars[0]
    assert len(bar.lines) == 2
    assert bar.lines[1].endswith("…")
    assert label.startswith(bar.shown_label[:-1])
    assert bar.label == label


def test_a_label_line_and_the_value_fit_in_the_width():
    bar = bar_chart([(LONG, 1, "100% (12 of 12)", "c")]).bars[0]
    assert (len(bar.lines[0]) + len(bar.text)) * FONT * CHAR <= WIDTH
    assert all(len(line) * FONT * CHAR <= WIDTH for line in bar.lines)


def test_bars_scale_to_the_largest_value_within_the_width():
    chart = bar_chart([("a", 10, "10", "c"), ("b", 5, "5", "c"), ("z", 0, "0", "c")])
    assert [b.width for b in chart.bars] == [WIDTH, WIDTH // 2, 0]
    assert chart.bars[1].y > chart.bars[0].bottom  # each label below the bar before it


def test_an_empty_chart_has_a_height():
    chart = bar_chart([])
    assert chart.bars == []
    assert chart.height > 0
