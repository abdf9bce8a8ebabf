"""Table model over the catalogue's OZG-Leistungen with the Behörde's Anbindung fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ozg_desk.domain import reifegrad
from ozg_desk.domain.channels import CHANNEL_LABELS
from ozg_desk.domain.fields import german_date
from ozg_desk.domain.lifecycle import Status
from ozg_desk.store.queries import LeistungRow

NOT_TRACKED = "nicht erfasst"
Index = QModelIndex | QPersistentModelIndex


def status_text(row: LeistungRow) -> str:
    status = row.values.get("status")
    return Status(status).label if status else NOT_TRACKED


def is_overdue(row: LeistungRow, today: dt.date) -> bool:
    target = row.values.get("zieltermin")
    status = row.values.get("status")
    done = status in (Status.ONLINE, Status.NOT_RELEVANT, Status.OFFLINE)
    return bool(target) and not done and dt.date.fromisoformat(str(target)) < today


def _zieltermin(row: LeistungRow, today: dt.date) -> str:
    text = german_date(row.values.get("zieltermin"))
    return f"{text} (überfällig)" if is_overdue(row, today) else text


def _reifegrad(row: LeistungRow) -> str:
    level = row.values.get("reifegrad")
    if level is None:
        return ""
    return (
        f"{level} (Modell {row.values.get('reifegrad_modell') or reifegrad.DEFAULT_MODEL.version})"
    )


COLUMNS: tuple[tuple[str, Callable[[LeistungRow, dt.date], str]], ...] = (
    ("OZG-ID", lambda row, _today: row.ozg_id),
    ("Leistung", lambda row, _today: row.name),
    ("Themenfeld", lambda row, _today: row.themenfeld),
    ("Status", lambda row, _today: status_text(row)),
    ("Reifegrad", lambda row, _today: _reifegrad(row)),
    ("Zieltermin", _zieltermin),
    ("verantwortlich", lambda row, _today: str(row.values.get("verantwortlich") or "")),
    (
        "Empfangskanal",
        lambda row, _today: CHANNEL_LABELS.get(str(row.values.get("empfangskanal")), ""),
    ),
)


class LeistungenModel(QAbstractTableModel):
    """Rows are immutable `LeistungRow` values; a refresh replaces them."""

    def __init__(self, rows: Sequence[LeistungRow] = (), today: dt.date | None = None) -> None:
        super().__init__()
        self._rows = list(rows)
        self._today = today or dt.datetime.now().astimezone().date()

    def set_rows(self, rows: Sequence[LeistungRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> LeistungRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMNS[index.column()][1](row, self._today)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1 and row.leika_names:
            return "LeiKa-Leistungen:\n" + "\n".join(row.leika_names[:12])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None
