"""What „Neues Dokument“ offers: the templates and the tracked Leistungen (read on a worker),
and how a type is listed: its title in bold with its description below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from ozg_desk.app.session import Session
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.documents import DOKUMENT_FIELDS
from ozg_desk.domain.lifecycle import Status
from ozg_desk.store import queries

if TYPE_CHECKING:
    from ozg_desk.documents.templates import Template

DESCRIPTION = Qt.ItemDataRole.UserRole + 1
MAX_BEMERKUNG = DOKUMENT_FIELDS["bemerkung"].max_length  # the register's own limit
NEEDS = {
    "keine": "Gilt für die ganze Behörde; Leistungen werden nicht gebraucht.",
    "eine": "Wird für genau eine Leistung erzeugt.",
    "mehrere": "Wird für eine oder mehrere Leistungen erzeugt.",
}


@dataclass(frozen=True)
class Choices:
    templates: tuple[Template, ...]
    rows: tuple[LeistungRow, ...]  # the tracked Anbindungen
    has_behoerde: bool
    problems: tuple[str, ...] = ()  # the user's template copies that cannot be used
    notes: tuple[str, ...] = ()  # the Land's templates this version cannot use (shipped in use)


def load_choices(session: Session) -> Choices:
    """Worker side: the templates and the Leistungen a document can be about."""
    from ozg_desk.documents.service import templates_of  # noqa: PLC0415 - loads reportlab

    loaded = templates_of(session)
    templates = tuple(loaded.templates.values())
    with session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        rows = [] if behoerde is None else queries.leistungen(connection, behoerde.id)
    tracked = tuple(r for r in rows if r.anbindung_id)
    problems, notes = tuple(loaded.problems.values()), tuple(loaded.land_problems.values())
    return Choices(templates, tracked, behoerde is not None, problems, notes)


def status_label(value: object) -> str:
    try:
        return Status(str(value)).label
    except ValueError:
        return ""


class TwoLineDelegate(QStyledItemDelegate):
    """The title in bold and the description below it, both wrapped; palette colours only."""

    def _texts(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        return str(index.data() or ""), str(index.data(DESCRIPTION) or "")

    def _layout(
        self, option: QStyleOptionViewItem, width: int, title: str, text: str
    ) -> tuple[QFont, int, int]:
        bold = QFont(option.font)
        bold.setBold(True)
        flags = int(Qt.TextFlag.TextWordWrap)
        top = QFontMetrics(bold).boundingRect(QRect(0, 0, width, 10_000), flags, title)
        below = QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 10_000), flags, text)
        return bold, top.height(), below.height()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        title, text = self._texts(index)
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        pad = item.fontMetrics.height() // 3
        rect = item.rect.adjusted(pad * 2, pad, -pad * 2, -pad)
        bold, top, _below = self._layout(item, rect.width(), title, text)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(item.palette.color(role))
        painter.setFont(bold)
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), title)
        painter.setFont(item.font)
        painter.drawText(rect.adjusted(0, top, 0, 0), int(Qt.TextFlag.TextWordWrap), text)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = option.widget
        pad = option.fontMetrics.height() // 3
        # The width paint() wraps in: the viewport (without frame and scroll bar) less padding.
        room = view.viewport().width() if isinstance(view, QListView) else 400
        _bold, top, below = self._layout(option, max(room - pad * 4, 100), *self._texts(index))
        return QSize(room, top + below + pad * 3)
