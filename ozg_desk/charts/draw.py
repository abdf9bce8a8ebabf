"""A chart drawn with reportlab's graphics: the same Drawing becomes vector PDF and SVG.

Series differ by line style, marker and hatching as well as colour, and every value that matters
carries its label (see `kinds`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from ozg_desk.charts import kinds, pen
from ozg_desk.charts.plot import Plot
from ozg_desk.documents.pdf.fonts import BOLD, REGULAR, register_fonts

# In the window the shipped font goes by its family name (the window loads the same file).
SVG_FONTS = {REGULAR: {"family": "Liberation Sans"}, BOLD: {"family": "Liberation Sans"}}
_KINDS = {"lines": kinds.lines, "bars": kinds.bars, "columns": kinds.columns}


def drawing(plot: Plot, width: float, height: float, *, background: bool = False) -> Drawing:
    """The chart as vector shapes; `background` paints it white (paper is white already)."""
    register_fonts()
    # The renderer starts in this font; reportlab's default, Helvetica, would not be embedded.
    result = Drawing(width, height, initialFontName=REGULAR)
    if background:  # the window's own colour would show through an SVG (black, or a dark theme)
        result.add(pen.rect(0, 0, width, height, fill=pen.WHITE, stroke=None))
    (kinds.empty if plot.empty else _KINDS[plot.kind])(plot, result, width, height)
    return result


def svg(plot: Plot, width: float, height: float, title: str, summary: str) -> bytes:
    """The drawing as SVG, named by the chart's title and described by its summary."""
    shapes = drawing(plot, width, height, background=True)
    text = renderSVG.drawToString(shapes, fontHacks=SVG_FONTS)
    text = text.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1)
    text = text.replace("<desc>...</desc>", f"<desc>{escape(summary)}</desc>", 1)
    return text.encode("utf-8")
