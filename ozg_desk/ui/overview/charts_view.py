"""„Diagramme“ on the Übersicht: each chart as SVG beside its table. The SVG is drawn on the file
worker from the figures already read; the drawing code and QtSvg load with the first charts,
not at start.

The first charts wait until the section is on screen or the start is a second past: drawing them
(reportlab's import included) costs a worker about 0.3 s of CPU, which would otherwise take the
interpreter from the GUI thread in the very second the user starts to work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QFontDatabase, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ozg_desk.figures.model import Figure
from ozg_desk.ui.tasks import TaskManager
from ozg_desk.ui.widgets.form_support import guarded

if TYPE_CHECKING:
    from ozg_desk.ui.overview.charts_panel import ChartPanel, Rendered

_fonts_loaded = False
FIRST_DRAW_DELAY_MS = 1000  # after the first figures, unless the charts are seen before


class ChartsView(QWidget):
    """The panels, rebuilt when the figures change."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.panels: list[ChartPanel] = []
        note = QLabel(
            "Neben jedem Diagramm stehen seine Zahlen als Tabelle; Tab springt von Tabelle zu "
            "Tabelle. Linien unterscheiden sich durch Strichart und Marker, Verluste sind "
            "schraffiert."
        )
        note.setWordWrap(True)
        self._waiting = QLabel("Diagramme werden gezeichnet …")
        self._layout.addWidget(note)
        self._layout.addWidget(self._waiting)
        self._pending: tuple[TaskManager, Sequence[Figure]] | None = None
        self._drawn_once = False

    def draw(self, tasks: TaskManager, figures: Sequence[Figure]) -> None:
        """Draw the charts of `figures` on the file worker (no database needed); the first
        time only once they are on screen or a second has passed."""
        if self._drawn_once:
            self._start(tasks, figures)
            return
        first = self._pending is None
        self._pending = (tasks, figures)
        if not self.visibleRegion().isEmpty():
            self._draw_pending()
        elif first:
            QTimer.singleShot(FIRST_DRAW_DELAY_MS, self, self._draw_pending)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The section came into view: draw what waits (after this paint, not inside it)."""
        super().paintEvent(event)
        if self._pending is not None:
            QTimer.singleShot(0, self, self._draw_pending)

    def _draw_pending(self) -> None:
        if self._pending is None:
            return
        tasks, figures = self._pending
        self._pending = None
        self._drawn_once = True
        self._start(tasks, figures)

    def _start(self, tasks: TaskManager, figures: Sequence[Figure]) -> None:
        from ozg_desk.ui.overview.charts_panel import render_charts  # noqa: PLC0415

        today = dt.datetime.now().astimezone().date()
        with_fonts = not _fonts_loaded
        tasks.run_files(
            lambda: render_charts(figures, today, with_fonts),
            on_done=guarded(self, self.show_rendered),
        )

    def show_rendered(self, result: tuple[tuple[Rendered, ...], tuple[bytes, ...]]) -> None:
        from ozg_desk.ui.overview.charts_panel import ChartPanel  # noqa: PLC0415

        global _fonts_loaded  # noqa: PLW0603 - Qt's font database is per process too
        rendered, fonts = result
        for data in fonts:  # the family the SVG names, from memory: no disk on this thread
            QFontDatabase.addApplicationFontFromData(QByteArray(data))
        _fonts_loaded = _fonts_loaded or bool(fonts)
        self._waiting.hide()
        for panel in self.panels:
            self._layout.removeWidget(panel)
            panel.deleteLater()
        self.panels = [ChartPanel(item) for item in rendered]
        for panel in self.panels:
            self._layout.addWidget(panel)
