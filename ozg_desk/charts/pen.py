"""The few reportlab shapes the charts are drawn with, in the shipped fonts and colours."""

from __future__ import annotations

import math
from typing import Literal

from reportlab.graphics.charts.utils import find_good_grid
from reportlab.graphics.shapes import Circle, Group, Line, Path, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ozg_desk.documents.pdf.fonts import BOLD, REGULAR
from ozg_desk.domain.fields import german_fixed

SIZE = 9.0  # label font size in drawing units (points on paper)
INK = colors.HexColor("#1a1a1a")
GRID = colors.HexColor("#cfcfcf")
WHITE = colors.white
# Colour helps, but never alone: each series also has its own dash pattern and marker.
COLOURS = (colors.HexColor("#1f4e79"), colors.HexColor("#5f5f5f"))
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (5.0, 3.0))
WIDTHS = (2.0, 1.4)
DOTTED = (1.0, 2.0)
Anchor = Literal["start", "middle", "end"]


def colour(index: int) -> colors.Color:
    return COLOURS[index % len(COLOURS)]


def width_of(text: str, size: float = SIZE) -> float:
    return float(stringWidth(text, REGULAR, size))


def text(
    x: float, y: float, content: str, anchor: Anchor = "start", *, bold: bool = False
) -> String:
    return String(
        x,
        y,
        content,
        fontName=BOLD if bold else REGULAR,
        fontSize=SIZE,
        fillColor=INK,
        textAnchor=anchor,
    )


def line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    *,
    stroke: colors.Color = INK,
    width: float = 1.0,
    dash: tuple[float, ...] | None = None,
) -> Line:
    shape = Line(x1, y1, x2, y2, strokeColor=stroke, strokeWidth=width)
    if dash is not None:
        shape.strokeDashArray = dash
    return shape


def polyline(
    points: list[tuple[float, float]],
    *,
    stroke: colors.Color,
    width: float,
    dash: tuple[float, ...] | None,
) -> Path:
    """An open line through `points`; a Path, because SVG would fill a PolyLine's area."""
    shape = Path(strokeColor=stroke, strokeWidth=width, fillColor=None)
    if dash is not None:
        shape.strokeDashArray = dash
    for index, (x, y) in enumerate(points):
        (shape.lineTo if index else shape.moveTo)(x, y)
    return shape


def rect(
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    fill: colors.Color | None,
    stroke: colors.Color | None,
    width: float = 1.0,
) -> Rect:
    # Attributes rather than keywords: types-reportlab declares Rect's keywords wrongly.
    shape = Rect(x, y, w, h)
    shape.fillColor, shape.strokeColor, shape.strokeWidth = fill, stroke, width
    return shape


def marker(index: int, x: float, y: float) -> Circle | Rect:
    """A filled circle for the first series, a hollow square for the second."""
    if index % 2 == 0:
        return Circle(x, y, 2.6, fillColor=colour(index), strokeColor=colour(index))
    return rect(x - 2.4, y - 2.4, 4.8, 4.8, fill=WHITE, stroke=colour(index), width=1.1)


def hatch(x: float, y: float, w: float, h: float, stroke: colors.Color) -> Group:
    """Diagonal lines inside a rectangle: a loss reads as hatched, not only as a colour."""
    group, gap = Group(), 4.0
    offset = gap
    while offset < w + h:
        u0, u1 = max(0.0, offset - h), min(w, offset)
        group.add(line(x + u0, y + offset - u0, x + u1, y + offset - u1, stroke=stroke, width=0.8))
        offset += gap
    return group


def fit(content: str, width: float) -> str:
    """The text shortened with „…“ to `width` (the table always has it in full)."""
    if width_of(content) <= width:
        return content
    while content and width_of(content + "…") > width:
        content = content[:-1]
    return content.rstrip() + "…"


def grid(low: float, high: float, *, whole: bool) -> list[float]:
    """Round tick values from `low` to `high` (reportlab's choice of a good step)."""
    lo, hi, step = find_good_grid(low, high)  # type: ignore[no-untyped-call]
    if whole and step < 1:
        lo, hi, step = math.floor(low), math.ceil(high), 1.0
    count = round((hi - lo) / step)
    return [float(lo + index * step) for index in range(count + 1)]


def tick(value: float, percent: bool) -> str:
    return f"{german_fixed(value * 100, 0)} %" if percent else german_fixed(value, 0)
