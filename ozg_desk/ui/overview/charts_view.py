"""„Diagramme“ on the Übersicht: each chart as SVG beside its table. The SVG is drawn on the file
worker from the figures already read; the drawing code and QtSvg load with the first charts,
not at start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ozg_desk.figures.model import Figure
from ozg_desk.ui.tasks import TaskManager
from ozg_desk.ui.widgets.form_support import guarded

if TYPE_CHECKING:
    from ozg_desk.ui.overview.charts_panel import ChartPanel, Rendered

_fonts_loaded = False


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

    def draw(self, tasks: TaskManager, figures: Sequence[Figure]) -> None:
        """Draw the charts of `figures` on the file worker (no database needed)."""
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
