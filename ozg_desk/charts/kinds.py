"""The three kinds of chart drawn from shapes: lines over months, bars across, columns that may
hang below zero; and the empty chart. Drawn from reportlab's shapes rather than its chart
widgets, whose automatic labels overlap on long Themenfeld names and negative columns."""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Drawing, Group

from ozg_desk.charts import pen
from ozg_desk.charts.pen import GRID, INK, SIZE, WHITE, colour
from ozg_desk.charts.plot import Plot


def _last(values: tuple[float | None, ...]) -> int | None:
    return next((i for i in reversed(range(len(values))) if values[i] is not None), None)


def _legend(plot: Plot, right: float, y: float) -> Group:
    """Line sample, marker and name of each series, right-aligned at `right`."""
    group = Group()
    x = right
    for index in reversed(range(len(plot.series))):
        name = plot.series[index].name
        x -= pen.width_of(name) + 4
        group.add(pen.text(x + 4, y, name))
        group.add(
            pen.line(
                x - 22,
                y + 3,
                x,
                y + 3,
                stroke=colour(index),
                width=pen.WIDTHS[index % 2],
                dash=pen.DASHES[index % 2],
            )
        )
        group.add(pen.marker(index, x - 11, y + 3))
        x -= 36
    return group


def _end_label(plot: Plot, index: int, last: int) -> str:
    """„4 online“: the last value and the series' first word, at the line's end."""
    series = plot.series[index]
    return f"{series.labels[last]} {series.name.split()[0]}"


def lines(plot: Plot, drawing: Drawing, width: float, height: float) -> None:
    values = [v for series in plot.series for v in series.values if v is not None]
    ticks = pen.grid(0, max(*values, 1.0), whole=True)
    first, final = plot.categories[0], plot.categories[-1]
    left = max(max(pen.width_of(pen.tick(t, False)) for t in ticks) + 8, pen.width_of(first) / 2)
    ends = [
        _end_label(plot, index, last)
        for index, series in enumerate(plot.series)
        if (last := _last(series.values)) is not None
    ]
    right = width - max(max(pen.width_of(end) for end in ends) + 10, pen.width_of(final) / 2 + 2)
    top, bottom = height - 2.4 * SIZE - 8, 2 * SIZE + 6
    drawing.add(pen.text(0, height - SIZE - 2, plot.axis, bold=True))
    legend_y = height - SIZE - 2
    legend_width = sum(pen.width_of(series.name) + 40 for series in plot.series)
    if pen.width_of(plot.axis) + legend_width + 12 > width:  # narrow: the legend on its own row
        legend_y -= SIZE + 4
        top -= SIZE + 4
    drawing.add(_legend(plot, width, legend_y))
    count = len(plot.categories)
    step = (right - left) / max(count - 1, 1)

    def x_at(index: int) -> float:
        return left + index * step if count > 1 else (left + right) / 2

    def y_at(value: float) -> float:
        return bottom + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (top - bottom)

    for mark in ticks:
        drawing.add(pen.line(left, y_at(mark), right, y_at(mark), stroke=GRID, width=0.5))
        drawing.add(pen.text(left - 5, y_at(mark) - 3, pen.tick(mark, False), "end"))
    drawing.add(pen.line(left, bottom, right, bottom, width=0.8))
    label_width = max(pen.width_of(name) for name in plot.categories) + 10
    stride = max(1, math.ceil(count * label_width / max(right - left + step, 1)))
    for index in range(0, count, stride):
        drawing.add(pen.line(x_at(index), bottom, x_at(index), bottom - 3))
        drawing.add(pen.text(x_at(index), bottom - SIZE - 4, plot.categories[index], "middle"))
    if plot.today is not None:
        x = x_at(plot.today)
        drawing.add(pen.line(x, bottom, x, top, width=0.6, dash=pen.DOTTED))
        drawing.add(pen.text(x, top + 3, "heute", "middle"))
    placed: list[float] = []
    for index, series in enumerate(plot.series):
        points = [(x_at(i), y_at(v)) for i, v in enumerate(series.values) if v is not None]
        drawing.add(
            pen.polyline(
                points,
                stroke=colour(index),
                width=pen.WIDTHS[index % 2],
                dash=pen.DASHES[index % 2],
            )
        )
        for x, y in points:
            drawing.add(pen.marker(index, x, y))
        last = _last(series.values)
        if last is not None:
            x, y = points[-1]
            while any(abs(y - other) < SIZE + 1 for other in placed):
                y -= SIZE + 1  # two ends at the same height: the second one below
            placed.append(y)
            drawing.add(pen.text(x + 6, y - 3, _end_label(plot, index, last)))


def bars(plot: Plot, drawing: Drawing, width: float, height: float) -> None:
    series = plot.series[0]
    names_width = min(max(pen.width_of(name) for name in plot.categories) + 8, width * 0.38)
    right = width - max(pen.width_of(label) for label in series.labels) - 8
    top, bottom = height - SIZE - 8, SIZE + 10
    values = [v for v in series.values if v is not None]
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0] if plot.percent else pen.grid(0, max(values), whole=False)
    span = ticks[-1] or 1.0
    drawing.add(pen.text(names_width, height - SIZE - 2, plot.axis, bold=True))

    def x_at(value: float) -> float:
        return names_width + value / span * (right - names_width)

    for mark in ticks:
        drawing.add(pen.line(x_at(mark), bottom, x_at(mark), top, stroke=GRID, width=0.5))
        drawing.add(pen.text(x_at(mark), bottom - SIZE - 2, pen.tick(mark, plot.percent), "middle"))
    drawing.add(pen.line(names_width, bottom, names_width, top, width=0.8))
    row = (top - bottom) / len(plot.categories)
    thickness = min(row * 0.62, 14.0)
    for index, (name, value) in enumerate(zip(plot.categories, series.values, strict=True)):
        middle = top - (index + 0.5) * row
        drawing.add(pen.text(names_width - 5, middle - 3, pen.fit(name, names_width - 6), "end"))
        end = names_width
        if value is not None:
            end = x_at(value)
            drawing.add(
                pen.rect(
                    names_width,
                    middle - thickness / 2,
                    end - names_width,
                    thickness,
                    fill=colour(0),
                    stroke=colour(0),
                    width=0.5,
                )
            )
        drawing.add(pen.text(end + 4, middle - 3, series.labels[index]))


def columns(plot: Plot, drawing: Drawing, width: float, height: float) -> None:
    series = plot.series[0]
    values = [v for v in series.values if v is not None]
    ticks = pen.grid(min(0.0, *values), max(0.0, *values, 1.0), whole=False)
    left = max(pen.width_of(pen.tick(t, False)) for t in ticks) + 8
    top, bottom = height - 2.4 * SIZE - 8, 2 * SIZE + 8
    drawing.add(pen.text(0, height - SIZE - 2, plot.axis, bold=True))
    if any(v < 0 for v in values):  # the legend of the hatching, in words
        drawing.add(pen.rect(width - 12, height - SIZE - 3, 10, 10, fill=WHITE, stroke=colour(0)))
        drawing.add(pen.hatch(width - 12, height - SIZE - 3, 10, 10, colour(0)))
        drawing.add(
            pen.text(width - 16, height - SIZE - 2, "schraffiert: unter null, ein Verlust", "end")
        )

    def y_at(value: float) -> float:
        return bottom + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (top - bottom)

    for mark in ticks:
        drawing.add(pen.line(left, y_at(mark), width, y_at(mark), stroke=GRID, width=0.5))
        drawing.add(pen.text(left - 5, y_at(mark) - 3, pen.tick(mark, False), "end"))
    slot = (width - left) / len(plot.categories)
    thickness = min(slot * 0.5, 70.0)
    zero = y_at(0.0)
    for index, (name, value) in enumerate(zip(plot.categories, series.values, strict=True)):
        middle = left + (index + 0.5) * slot
        x = middle - thickness / 2
        drawing.add(pen.text(middle, bottom - SIZE - 6, pen.fit(name, slot - 4), "middle"))
        if value is None:
            drawing.add(pen.text(middle, zero + 4, "keine Angaben", "middle"))
            continue
        low, high = sorted((zero, y_at(value)))
        if value >= 0:
            drawing.add(pen.rect(x, low, thickness, high - low, fill=colour(0), stroke=colour(0)))
            drawing.add(pen.text(middle, high + 4, series.labels[index], "middle"))
        else:
            drawing.add(
                pen.rect(x, low, thickness, high - low, fill=WHITE, stroke=colour(0), width=1.2)
            )
            drawing.add(pen.hatch(x, low, thickness, high - low, colour(0)))
            drawing.add(pen.text(middle, low - SIZE - 2, series.labels[index], "middle"))
    # The zero line last, over the columns, so a loss visibly hangs below it.
    drawing.add(pen.line(left, zero, width, zero, stroke=INK, width=1.4))


def empty(plot: Plot, drawing: Drawing, width: float, height: float) -> None:
    drawing.add(pen.rect(0.5, 0.5, width - 1, height - 1, fill=None, stroke=GRID))
    drawing.add(pen.text(width / 2, height / 2 - 3, pen.fit(plot.empty_text, width - 8), "middle"))
