"""Chart geometry for admin pages, without Django: series in, SVG coordinates out.

Templates in ``templates/admin/includes/`` draw the result as inline SVG with a title, a text
description and a table of the same numbers. Every coordinate is a preformatted string, so a
template's number localisation can never turn ``12.5`` into ``12,5`` inside an SVG attribute.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Okabe-Ito colours (told apart with colour-blindness) and dash patterns (told apart without
# colour at all).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
Formatter = Callable[[float], str]


def _n(value: float) -> str:
    return f"{value:.1f}"


def _plain(value: float) -> str:
    return f"{value:g}"


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above ``value`` (1 for nothing to show)."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * magnitude * (1 + 1e-9):
            return step * magnitude
    return 10.0 * magnitude


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    x: str
    y: str
    width: str
    height: str
    label_x: str
    text_y: str
    value_x: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    summary: str


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    width: int = 640,
    label_width: int = 190,
    row_height: int = 28,
    fmt: Formatter = _plain,
) -> BarChart:
    """Horizontal bars, one row per label, each with its value written after it (so the chart
    needs no axis to be read)."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    value_room = 80
    span = width - label_width - value_room
    top = max(values, default=0.0)
    scale = span / top if top > 0 else 0.0
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 6 + index * row_height
        bar_width = max(value, 0.0) * scale
        bars.append(
            Bar(
                label=label,
                value=value,
                display=fmt(value),
                x=_n(label_width),
                y=_n(y),
                width=_n(bar_width),
                height=_n(row_height - 8),
                label_x=_n(label_width - 8),
                text_y=_n(y + (row_height - 8) / 2 + 4),
                value_x=_n(label_width + bar_width + 6),
            )
        )
    summary = "; ".join(f"{bar.label}: {bar.display}" for bar in bars)
    return BarChart(width=width, height=12 + len(bars) * row_height, bars=bars, summary=summary)


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    dash: str
    paths: list[str]  # one polyline per run of known values; a gap breaks the line
    points: list[tuple[str, str, str]]  # x, y, "label: value" for each known value


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    x_labels: list[str]
    # The same numbers as the drawing: one row per x label, one cell per series.
    rows: list[tuple[str, list[str]]]
    summary: str


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    width: int = 720,
    height: int = 300,
    fmt: Formatter = _plain,
    max_x_ticks: int = 8,
    missing: str = "-",
) -> LineChart:
    """Lines over equally spaced x labels (days, builds, ...). None is a missing value: the
    line breaks there instead of pretending it was zero."""
    for name, values in series:
        if len(values) != len(x_labels):
            raise ValueError(f"series {name!r} needs one value per x label")
    left, right, top, bottom = 56.0, width - 16.0, 12.0, height - 36.0
    known = [v for _name, values in series for v in values if v is not None]
    ceiling = nice_ceiling(max(known, default=0.0))
    n = len(x_labels)
    step = (right - left) / (n - 1) if n > 1 else 0.0

    def x_at(index: int) -> float:
        return left + index * step if n > 1 else (left + right) / 2

    def y_at(value: float) -> float:
        return bottom - (max(value, 0.0) / ceiling) * (bottom - top)

    lines = []
    for index, (name, values) in enumerate(series):
        paths: list[str] = []
        current: list[str] = []
        points = []
        for i, value in enumerate(values):
            if value is None:
                if current:
                    paths.append(" ".join(current))
                current = []
                continue
            x, y = _n(x_at(i)), _n(y_at(value))
            current.append(f"{x},{y}")
            points.append((x, y, f"{name}, {x_labels[i]}: {fmt(value)}"))
        if current:
            paths.append(" ".join(current))
        lines.append(
            Line(
                name=name,
                colour=PALETTE[index % len(PALETTE)],
                dash=DASHES[index % len(DASHES)],
                paths=paths,
                points=points,
            )
        )
    every = max(1, math.ceil(n / max_x_ticks))
    x_ticks = [Tick(_n(x_at(i)), x_labels[i]) for i in range(0, n, every)]
    y_ticks = [Tick(_n(y_at(ceiling * k / 4)), fmt(ceiling * k / 4)) for k in range(5)]
    rows = [
        (label, [missing if values[i] is None else fmt(values[i] or 0.0) for _n_, values in series])
        for i, label in enumerate(x_labels)
    ]
    summary = _line_summary(x_labels, series, fmt)
    return LineChart(
        width=width,
        height=height,
        plot_left=_n(left),
        plot_right=_n(right),
        plot_top=_n(top),
        plot_bottom=_n(bottom),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        lines=lines,
        x_labels=list(x_labels),
        rows=rows,
        summary=summary,
    )


def _line_summary(
    x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], fmt: Formatter
) -> str:
    """A sentence per series for screen readers: its range and latest value."""
    if not x_labels:
        return "No data."
    parts = [f"From {x_labels[0]} to {x_labels[-1]}."]
    for name, values in series:
        known = [(label, v) for label, v in zip(x_labels, values, strict=True) if v is not None]
        if not known:
            parts.append(f"{name}: no data.")
            continue
        low = min(v for _label, v in known)
        high = max(v for _label, v in known)
        last_label, last = known[-1]
        parts.append(f"{name}: from {fmt(low)} to {fmt(high)}, latest {fmt(last)} on {last_label}.")
    return " ".join(parts)
