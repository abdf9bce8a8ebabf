"""The document register as a table: plain RegisterEntry values, German labels and dates,
sort keys that sort dates and states in their real order, and a text filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.documents import STATE_DATES, STATE_LABELS, STATES

if TYPE_CHECKING:  # the register module loads SQLAlchemy, which start-up defers
    from ozg_desk.store.register import RegisterEntry

COLUMNS = ("Nummer", "Dokument", "Leistungen", "Stand", "erzeugt am", "Stand seit")
NUMMER, TITEL, LEISTUNGEN, STAND, ERZEUGT, SEIT = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def created_on(entry: RegisterEntry) -> dt.date | None:
    """The local calendar day an entry was generated (stored as an ISO time with offset)."""
    try:
        return dt.datetime.fromisoformat(entry.erstellt_am).astimezone().date()
    except ValueError:
        return None


def last_step_on(entry: RegisterEntry) -> dt.date | None:
    """The day of the entry's latest recorded step (its creation, if none since)."""
    days = [created_on(entry)]
    days += [dt.date.fromisoformat(day) for day in entry.dates.values() if day]
    known = [day for day in days if day is not None]
    return max(known) if known else None


def state_since(entry: RegisterEntry) -> str:
    """ISO date on which the entry reached its current state."""
    if entry.zustand in STATE_DATES:
        return entry.dates.get(entry.zustand) or ""
    day = created_on(entry)
    return day.isoformat() if day else ""


def describe(entry: RegisterEntry) -> str:
    """Everything about an entry in a few lines (tooltip and screen readers)."""
    day = created_on(entry)
    lines = [f"{entry.nummer} · {entry.titel}"]
    if entry.leistungen:
        lines.append(f"Leistungen: {', '.join(entry.leistungen)}")
    lines.append(f"erzeugt: {german_date(day) if day else '—'}")
    for state, _field in STATE_DATES.items():
        lines.append(f"{STATE_LABELS[state]}: {german_date(entry.dates.get(state)) or '—'}")
    if entry.bemerkung:
        lines.append(f"Bemerkung: {entry.bemerkung}")
    return "\n".join(lines)


class RegisterModel(QAbstractTableModel):
    """Newest first as read; the view sorts by any column."""

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[RegisterEntry] = []

    def set_entries(self, entries: Sequence[RegisterEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[RegisterEntry]:
        return list(self._entries)

    def entry_at(self, row: int) -> RegisterEntry:
        return self._entries[row]

    def position_of(self, entry_id: str) -> int | None:
        for position, entry in enumerate(self._entries):
            if entry.id == entry_id:
                return position
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == SORT_ROLE:
            return self._key(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(entry)
        return None

    @staticmethod
    def _text(entry: RegisterEntry, column: int) -> str:
        day = created_on(entry)
        texts = {
            NUMMER: entry.nummer,
            TITEL: entry.titel,
            LEISTUNGEN: ", ".join(entry.leistungen),
            STAND: STATE_LABELS.get(entry.zustand, entry.zustand),
            ERZEUGT: german_date(day) if day else "",
            SEIT: german_date(state_since(entry)),
        }
        return texts.get(column, "")

    @staticmethod
    def _key(entry: RegisterEntry, column: int) -> object:
        if column == STAND:
            return STATES.index(entry.zustand) if entry.zustand in STATES else len(STATES)
        if column == ERZEUGT:
            return f"{entry.erstellt_am} {entry.nummer}"
        if column == SEIT:
            return f"{state_since(entry)} {entry.nummer}"
        if column == TITEL:
            return entry.titel.casefold()
        return RegisterModel._text(entry, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class RegisterProxy(QSortFilterProxyModel):
    """Sorts by the model's keys; keeps the rows whose text contains every typed word."""

    def __init__(self, model: RegisterModel) -> None:
        super().__init__()
        self.register = model
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        entry = self.register.entry_at(source_row)
        haystack = " ".join(
            (
                entry.nummer,
                entry.titel,
                entry.typ,
                " ".join(entry.leistungen),
                STATE_LABELS.get(entry.zustand, ""),
                entry.bemerkung,
            )
        ).casefold()
        return all(word in haystack for word in self._words)
