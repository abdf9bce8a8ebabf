"""Übersicht: the Behörde, the catalogue and where its Anbindungen stand, at a glance."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.fields import german_int
from ozg_desk.domain.lifecycle import MAIN_LINE, Status
from ozg_desk.domain.listing import is_overdue, is_relevant
from ozg_desk.figures.due import DueItem, notice
from ozg_desk.figures.model import Figure
from ozg_desk.store.due_queries import read_due
from ozg_desk.store.figure_inputs import compute_figures
from ozg_desk.store.queries import CatalogueInfo
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.overview.charts_view import ChartsView
from ozg_desk.ui.overview.due_list import DueList
from ozg_desk.ui.overview.figure_cards import FigureCards
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import guarded


def _scaled_label(text: str, factor: float, bold: bool = False) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)  # relative to the system font size
    font.setBold(bold)
    label.setFont(font)
    return label


class _Figure(QFrame):
    """A number with its caption, readable by screen readers as one sentence."""

    def __init__(self, value: str, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.addWidget(_scaled_label(value, 2.0, bold=True))
        caption_label = QLabel(caption)
        caption_label.setWordWrap(True)
        layout.addWidget(caption_label)
        self.setAccessibleName(f"{caption}: {value}")


class OverviewPage(QWidget):
    """Rebuilt from the current rows whenever data changes."""

    setup_requested = Signal()
    due_notice = Signal(str)  # once per start: what is due within 14 days or overdue

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Übersicht")
        # Scrolls rather than making the window taller than a small office screen.
        self._scroll = named(
            QScrollArea(), "Übersicht", "Mit den Pfeiltasten und Bild auf/ab blättern"
        )
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)
        holder = QWidget()
        self._layout = QVBoxLayout(holder)
        self._scroll.setWidget(holder)
        self._content: QWidget | None = None
        self._noticed = False
        # The Kennzahlen arrive later (computed on the database worker) and stay between
        # rebuilds of the counts above them.
        self.figures_heading = _scaled_label("Kennzahlen", 1.2, bold=True)
        self.figures_note = QLabel(
            "Jede Kennzahl nennt, was sie gezählt hat und welche Leistungen ohne Angabe blieben; "
            "„Wie berechnet?“ zeigt Zähler, Nenner, Annahmen und Quellen (F1: Definition)."
        )
        self.figures_note.setWordWrap(True)
        self.cards = FigureCards()
        self.show_records = self.cards.show_records
        self.charts_heading = _scaled_label("Diagramme", 1.2, bold=True)
        self.charts = ChartsView()
        self.due_heading = _scaled_label("Fällig", 1.2, bold=True)
        self.due = DueList()
        self.open_leistung = self.due.open_leistung
        for widget in (
            self.due_heading,
            self.due,
            self.figures_heading,
            self.figures_note,
            self.cards,
            self.charts_heading,
            self.charts,
        ):
            self._layout.addWidget(widget)
        self._layout.addStretch()

    def show_data(
        self, behoerde: Behoerde | None, catalogue: CatalogueInfo, rows: Sequence[LeistungRow]
    ) -> None:
        if self._content is not None:
            self._layout.removeWidget(self._content)
            self._content.deleteLater()
        self._content = self._build(behoerde, catalogue, rows)
        self._layout.insertWidget(0, self._content)
        for widget in (
            self.due_heading,
            self.due,
            self.figures_heading,
            self.figures_note,
            self.cards,
            self.charts_heading,
            self.charts,
        ):
            widget.setVisible(behoerde is not None)

    def show_figures(self, figures: Sequence[Figure]) -> None:
        self.cards.show_figures(figures)

    def _figures_read(self, desk: Desk, figures: Sequence[Figure]) -> None:
        self.show_figures(figures)
        self.charts.draw(desk.tasks, figures)  # drawn on the file worker, then shown

    def read_figures(self, desk: Desk) -> None:
        """The Kennzahlen and „Fällig“ from the store, on the database worker."""
        desk.read(compute_figures, guarded(self, lambda figures: self._figures_read(desk, figures)))
        today = dt.datetime.now().astimezone().date()
        desk.read(
            lambda connection: read_due(connection, today),
            guarded(self, lambda items: self.show_due(items, today)),
        )

    def show_due(self, items: Sequence[DueItem], today: dt.date) -> None:
        self.due.show_items(items, today)
        if not self._noticed:  # a quiet notice at start, not after every edit
            self._noticed = True
            text = notice(items, today)
            if text:
                self.due_notice.emit(text)

    def _build(
        self, behoerde: Behoerde | None, catalogue: CatalogueInfo, rows: Sequence[LeistungRow]
    ) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_scaled_label("Übersicht", 1.5, bold=True))
        stand = f"Stand {catalogue.stand}" if catalogue.stand else "Stand unbekannt"
        imported = german_date(catalogue.imported_at[:10]) if catalogue.imported_at else "–"
        layout.addWidget(
            QLabel(
                f"Leistungskatalog: {german_int(catalogue.ozg_leistungen)} OZG-Leistungen, "
                f"{german_int(catalogue.leika_leistungen)} LeiKa-Leistungen ({stand}, "
                f"importiert am {imported})"
                if catalogue.ozg_leistungen
                else "Noch kein Leistungskatalog importiert."
            )
        )
        if behoerde is None:
            layout.addWidget(QLabel("Noch keine Behörde eingerichtet."))
            setup = named(QPushButton("Behörde &einrichten …"), "Behörde einrichten")
            setup.clicked.connect(self.setup_requested)
            layout.addWidget(setup)
            return page
        counts = Counter(str(row.values["status"]) for row in rows if row.anbindung_id)
        tracked = sum(counts.values())
        relevant = sum(1 for row in rows if is_relevant(row))
        online = counts[Status.ONLINE]
        today = dt.datetime.now().astimezone().date()
        overdue = sum(1 for row in rows if is_overdue(row, today))
        figures = QGridLayout()
        figures.addWidget(_Figure(german_int(relevant), "relevante Leistungen"), 0, 0)
        figures.addWidget(_Figure(german_int(tracked), "erfasst"), 0, 1)
        figures.addWidget(_Figure(german_int(online), "online"), 0, 2)
        # The Anbindungsquote and the other figures follow below as Kennzahlen.
        figures.addWidget(_Figure(german_int(overdue), "Zieltermin überschritten"), 0, 3)
        layout.addLayout(figures)
        layout.addWidget(_scaled_label("Stand der Anbindungen", 1.2, bold=True))
        statuses = QGridLayout()
        order = [*MAIN_LINE, Status.DEFERRED, Status.NOT_RELEVANT, Status.OFFLINE]
        for position, status in enumerate(order):
            statuses.addWidget(QLabel(status.label), position, 0)
            bar = QProgressBar()
            bar.setRange(0, max(tracked, 1))
            bar.setValue(counts[status])
            bar.setFormat(german_int(counts[status]))
            bar.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
            bar.setAccessibleName(f"{status.label}: {counts[status]} von {tracked}")
            bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            statuses.addWidget(bar, position, 1)
        statuses.setColumnStretch(2, 1)
        layout.addLayout(statuses)
        return page
