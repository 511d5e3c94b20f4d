"""The admin chart helper (shop.core.charts): geometry only, no database."""

from __future__ import annotations

import pytest

from shop.core.charts import bar_chart, line_chart, nice_ceiling
from shop.segments.engine.naming import SEGMENTS
from shop.segments.models import Segment


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1.0), (0.07, 0.1), (0.21, 0.25), (3, 5.0), (42, 50.0), (100, 100.0), (101, 200.0)],
)
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == pytest.approx(expected)


def test_bars_are_proportional_to_their_values_and_labelled():
    chart = bar_chart(["Loyal", "Lost", "None"], [30, 15, 0], width=600, label_width=200)
    widths = [float(bar.width) for bar in chart.bars]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    assert widths[0] == pytest.approx(600 - 200 - 80)  # the largest fills the plot
    assert chart.summary == "Loyal: 30; Lost: 15; None: 0"
    assert chart.height > 3 * 20
    with pytest.raises(ValueError):
        bar_chart(["a"], [1, 2])


def test_lines_break_at_missing_values_and_share_one_scale():
    chart = line_chart(
        ["d1", "d2", "d3", "d4"],
        [("A", [1.0, None, 3.0, 4.0]), ("B", [None, None, None, None])],
        fmt=lambda v: f"{v:.1f}%",
    )
    a, b = chart.lines
    assert len(a.paths) == 2 and a.paths[0].count(",") == 1 and a.paths[1].count(",") == 2
    assert b.paths == [] and b.points == []
    assert a.colour != b.colour and a.dash != b.dash
    # y grows downwards: the largest value is highest, at the top of the plot (scale 0-5).
    ys = [float(y) for _x, y, _label in a.points]
    assert ys[0] > ys[1] > ys[2]
    assert [tick.label for tick in chart.y_ticks] == ["0.0%", "1.2%", "2.5%", "3.8%", "5.0%"]
    assert chart.rows[1] == ("d2", ["-", "-"]) and chart.rows[3] == ("d4", ["4.0%", "-"])
    assert "A: from 1.0% to 4.0%, latest 4.0% on d4." in chart.summary
    assert "B: no data." in chart.summary
    # Coordinates are plain dotted decimals whatever the locale of the page.
    assert all("," not in x and "," not in y for x, y, _label in a.points)


def test_line_chart_checks_its_series():
    with pytest.raises(ValueError, match="one value per x label"):
        line_chart(["d1", "d2"], [("A", [1.0])])
    single = line_chart(["d1"], [("A", [2.0])])
    assert len(single.lines[0].points) == 1


def test_model_segments_are_the_engines():
    assert tuple(Segment.values) == SEGMENTS
