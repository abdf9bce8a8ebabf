"""Table model over the catalogue's OZG-Leistungen with the Behörde's Anbindung fields.

Rows are immutable `LeistungRow` values; a refresh replaces single rows (`update_rows`) so that
an edit repaints one line instead of resetting the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ozg_desk.app.german_time import german_date
from ozg_desk.domain import reifegrad
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.channels import CHANNEL_LABELS
from ozg_desk.domain.lifecycle import MAIN_LINE, Status
from ozg_desk.domain.listing import is_overdue, search_text

NOT_TRACKED_TEXT = "nicht erfasst"
Index = QModelIndex | QPersistentModelIndex
_STATUS_ORDER = {
    status: position
    for position, status in enumerate(
        (*MAIN_LINE, Status.DEFERRED, Status.OFFLINE, Status.NOT_RELEVANT)
    )
}


def status_text(row: LeistungRow) -> str:
    status = row.values.get("status")
    return Status(status).label if row.anbindung_id and status else NOT_TRACKED_TEXT


def _status_key(row: LeistungRow) -> int:
    if not row.anbindung_id:
        return len(_STATUS_ORDER) + 1
    return _STATUS_ORDER.get(Status(str(row.values["status"])), 0)


def _reifegrad_text(row: LeistungRow) -> str:
    level = row.values.get("reifegrad")
    if level is None:
        return ""
    model = row.values.get("reifegrad_modell") or reifegrad.DEFAULT_MODEL.version
    return f"{level} (Modell {model})"


class Column:
    """A column: header, display text and sort key for a row."""

    def __init__(
        self,
        header: str,
        text: Callable[[LeistungRow, dt.date], str],
        key: Callable[[LeistungRow], Any],
    ) -> None:
        self.header = header
        self.text = text
        self.key = key


def _zieltermin_text(row: LeistungRow, today: dt.date) -> str:
    text = german_date(row.values.get("zieltermin"))
    return f"{text} – überfällig" if is_overdue(row, today) else text


COLUMNS: tuple[Column, ...] = (
    Column("OZG-ID", lambda row, _: row.ozg_id, lambda row: row.ozg_id),
    Column("Leistung", lambda row, _: row.name, lambda row: row.name.casefold()),
    Column("Themenfeld", lambda row, _: row.themenfeld, lambda row: row.themenfeld.casefold()),
    Column("Status", lambda row, _: status_text(row), _status_key),
    Column(
        "Reifegrad",
        lambda row, _: _reifegrad_text(row),
        lambda row: row.values.get("reifegrad") if row.values.get("reifegrad") is not None else -1,
    ),
    Column("Zieltermin", _zieltermin_text, lambda row: row.values.get("zieltermin") or "9999"),
    Column(
        "verantwortlich",
        lambda row, _: str(row.values.get("verantwortlich") or ""),
        lambda row: str(row.values.get("verantwortlich") or "").casefold(),
    ),
    Column(
        "Empfangskanal",
        lambda row, _: CHANNEL_LABELS.get(str(row.values.get("empfangskanal")), ""),
        lambda row: str(row.values.get("empfangskanal") or ""),
    ),
)


class LeistungenModel(QAbstractTableModel):
    """One row per OZG-Leistung; also keeps each row's search text for the filter."""

    def __init__(self, today: dt.date | None = None) -> None:
        super().__init__()
        self.today = today or dt.datetime.now().astimezone().date()
        self._rows: list[LeistungRow] = []
        self._haystacks: list[str] = []
        self._position: dict[str, int] = {}

    def set_rows(self, rows: Sequence[LeistungRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = [search_text(row) for row in self._rows]
        self._position = {row.ozg_id: index for index, row in enumerate(self._rows)}
        self.endResetModel()

    def update_rows(self, rows: Iterable[LeistungRow]) -> None:
        """Replace rows that changed (same OZG-IDs) and repaint only them."""
        last = self.columnCount() - 1
        for row in rows:
            position = self._position.get(row.ozg_id)
            if position is None:
                continue
            self._rows[position] = row
            self.dataChanged.emit(self.index(position, 0), self.index(position, last))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by the column's sort key, keeping selections on the same rows."""
        key = COLUMNS[column].key
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._rows[index.row()].ozg_id for index in old]
        order_ = sorted(
            range(len(self._rows)),
            key=lambda i: (key(self._rows[i]), self._rows[i].ozg_id),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[i] for i in order_]
        self._haystacks = [self._haystacks[i] for i in order_]
        self._position = {row.ozg_id: index for index, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            old,
            [
                self.index(self._position[ozg_id], index.column())
                for ozg_id, index in zip(old_ids, old, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def rows(self) -> list[LeistungRow]:
        return self._rows

    def row_at(self, position: int) -> LeistungRow:
        return self._rows[position]

    def haystack(self, position: int) -> str:
        return self._haystacks[position]

    def position_of(self, ozg_id: str) -> int | None:
        return self._position.get(ozg_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self.today)
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a shortened cell
            text = column.text(row, self.today)
            if index.column() != 1 or not row.leika_names:
                return text or None
            names = row.leika_names[:12]
            more = len(row.leika_names) - len(names)
            return (
                f"{text}\n\nLeiKa-Leistungen:\n"
                + "\n".join(names)
                + (f"\n… und {more} weitere" if more > 0 else "")
            )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        return None
