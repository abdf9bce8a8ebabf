"""One chart on the Übersicht: its title, the SVG at the size of the system font, and its table,
the text equivalent that Tab and screen readers reach. Loaded with the first charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ozg_desk.app.resources import resources_dir
from ozg_desk.charts import Chart, charts_for
from ozg_desk.figures.model import Figure
from ozg_desk.ui.widgets.a11y import named

WIDTH = 500.0  # drawing units; the window scales them so that 9 units are one line of its font
LABEL_SIZE = 9.0
FONT_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")


@dataclass(frozen=True)
class Rendered:
    """A chart with its SVG, made on a worker thread."""

    chart: Chart
    svg: bytes
    width: float
    height: float


def render_charts(
    figures: Sequence[Figure], today: dt.date, with_fonts: bool
) -> tuple[tuple[Rendered, ...], tuple[bytes, ...]]:
    """On a worker: the charts as SVG, and (the first time) the font files the SVG names."""
    rendered = []
    for chart in charts_for(figures, today):
        height = chart.height_for(WIDTH)
        rendered.append(Rendered(chart, chart.svg(WIDTH, height), WIDTH, height))
    folder = resources_dir() / "fonts"
    fonts = tuple((folder / name).read_bytes() for name in FONT_FILES) if with_fonts else ()
    return tuple(rendered), fonts


class ChartPicture(QSvgWidget):
    """The SVG at the size of the system font (and so of high-DPI screens), keeping its shape
    when the window is narrower."""

    def __init__(self, rendered: Rendered) -> None:
        super().__init__()
        self.load(QByteArray(rendered.svg))
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.ratio = rendered.height / rendered.width
        scale = QFontInfo(self.font()).pixelSize() / LABEL_SIZE
        self.natural = QSize(round(rendered.width * scale), round(rendered.height * scale))
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMaximumSize(self.natural)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it is the keyboard's
        chart = rendered.chart
        named(self, f"Diagramm: {chart.title}", chart.summary)

    def sizeHint(self) -> QSize:
        return self.natural

    def minimumSizeHint(self) -> QSize:
        return self.natural * 0.5

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(min(width, self.natural.width()) * self.ratio)


def chart_table(chart: Chart) -> QTableWidget:
    """The chart's data as a read-only table named by its title; Tab leaves it."""
    table = named(QTableWidget(len(chart.rows), len(chart.headers)), chart.title, chart.summary)
    table.setHorizontalHeaderLabels(list(chart.headers))
    for row, values in enumerate(chart.rows):
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column:  # numbers line up on the right
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)  # Tab goes on to the next chart, arrows move in the table
    rows = table.verticalHeader()
    rows.hide()
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    header = table.horizontalHeader()
    # The numbers keep their width; the names take the rest (elided, read in full aloud).
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    return table


class ChartPanel(QFrame):
    """One chart: its title, the picture and the table beside it."""

    def __init__(self, rendered: Rendered) -> None:
        super().__init__()
        chart = rendered.chart
        self.chart = chart
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(f"<b>{chart.title}</b>")
        self.picture = ChartPicture(rendered)
        self.table = chart_table(chart)
        # As tall as its rows, at most as tall as the picture (then it scrolls).
        rows = self._rows_height(len(chart.rows)) + 2 * self.table.frameWidth()
        self.table.setMaximumHeight(min(self.picture.natural.height(), rows))
        body = QHBoxLayout()
        body.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.table, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(body)

    def _rows_height(self, rows: int) -> int:
        return self.table.horizontalHeader().sizeHint().height() + rows * (
            self.fontMetrics().height() + 6
        )
