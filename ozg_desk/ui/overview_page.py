"""Übersicht: the Behörde, the catalogue and where its Anbindungen stand, at a glance."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ozg_desk.domain.fields import german_date, german_int
from ozg_desk.domain.lifecycle import MAIN_LINE, Status
from ozg_desk.session import Snapshot


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
    """Rebuilt from a snapshot whenever data changes."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Übersicht")
        self._layout = QVBoxLayout(self)
        self._content: QWidget | None = None

    def show_snapshot(self, snapshot: Snapshot) -> None:
        if self._content is not None:
            self._layout.removeWidget(self._content)
            self._content.deleteLater()
        self._content = self._build(snapshot)
        self._layout.addWidget(self._content)

    def _build(self, snapshot: Snapshot) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_scaled_label("Übersicht", 1.5, bold=True))
        catalogue = snapshot.catalogue
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
        if snapshot.behoerde is None:
            layout.addWidget(QLabel("Noch keine Behörde eingerichtet."))
            layout.addStretch()
            return page
        counts = Counter(
            str(row.values["status"]) for row in snapshot.leistungen if row.anbindung_id
        )
        tracked = sum(counts.values())
        relevant = tracked - counts[Status.NOT_RELEVANT]
        online = counts[Status.ONLINE]
        figures = QGridLayout()
        figures.addWidget(_Figure(german_int(tracked), "Leistungen erfasst"), 0, 0)
        figures.addWidget(_Figure(german_int(relevant), "davon relevant"), 0, 1)
        figures.addWidget(_Figure(german_int(online), "online"), 0, 2)
        quote = f"{online / relevant:.0%}".replace("%", " %") if relevant else "–"
        figures.addWidget(_Figure(quote, "Anbindungsquote (online von relevant)"), 0, 3)
        layout.addLayout(figures)
        layout.addWidget(_scaled_label("Stand der Anbindungen", 1.2, bold=True))
        statuses = QGridLayout()
        order = [*MAIN_LINE, Status.DEFERRED, Status.NOT_RELEVANT, Status.OFFLINE]
        for position, status in enumerate(order):
            statuses.addWidget(QLabel(status.label), position, 0)
            number = QLabel(german_int(counts[status]))
            number.setAccessibleName(f"{status.label}: {counts[status]}")
            statuses.addWidget(number, position, 1)
        statuses.setColumnStretch(2, 1)
        layout.addLayout(statuses)
        layout.addStretch()
        return page
