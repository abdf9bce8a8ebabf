"""A chart as data: what it shows, its text equivalent, and its drawing (reportlab, lazily)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ozg_desk.charts.plot import Plot

if TYPE_CHECKING:  # reportlab is imported only when a chart is drawn, never at start-up
    from reportlab.graphics.shapes import Drawing


@dataclass(frozen=True)
class Chart:
    """One chart definition for screen and paper.

    `headers` and `rows` are its text equivalent (the same data as a table, German-formatted);
    `drawing` is vector graphics (a platypus Flowable in a PDF), `svg` the same for the window.
    """

    id: str
    title: str
    summary: str  # one German sentence: what the chart shows, for screen readers
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    plot: Plot

    @property
    def empty(self) -> bool:
        return self.plot.empty

    def height_for(self, width: float) -> float:
        """A height that fits the chart at `width`."""
        return self.plot.height_for(width)

    def drawing(self, width: float, height: float) -> Drawing:
        from ozg_desk.charts import draw  # noqa: PLC0415 - reportlab only when drawn

        return draw.drawing(self.plot, width, height)

    def svg(self, width: float, height: float) -> bytes:
        """SVG whose <title> is the chart's title and <desc> its summary."""
        from ozg_desk.charts import draw  # noqa: PLC0415 - reportlab only when drawn

        return draw.svg(self.plot, width, height, self.title, self.summary)
