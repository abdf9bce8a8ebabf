"""Filter proxy: the filter result is computed once per change by `ListFilter`, the proxy then
only looks rows up in a set (cheap enough for every keystroke). Sorting is delegated to the
source model, which sorts with one key per row instead of a Python call per comparison."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ozg_desk.domain.listing import ListFilter
from ozg_desk.ui.leistungen.model import LeistungenModel

Index = QModelIndex | QPersistentModelIndex


class LeistungenProxy(QSortFilterProxyModel):
    """Shows the rows `ListFilter` accepts, sorted by each column's sort key."""

    def __init__(self, model: LeistungenModel) -> None:
        super().__init__()
        self.source = model
        self.list_filter = ListFilter()
        self._accepted: set[str] = set()  # OZG-IDs: stable when the source is re-sorted
        self.setSourceModel(model)
        model.modelReset.connect(self.refilter)
        model.dataChanged.connect(self._recheck)

    def set_filter(self, list_filter: ListFilter) -> None:
        self.list_filter = list_filter
        self.refilter()

    def refilter(self) -> None:
        model, accepts, today = self.source, self.list_filter.accepts, self.source.today
        self.beginFilterChange()
        self._accepted = {
            row.ozg_id
            for position, row in enumerate(model.rows())
            if accepts(row, model.haystack(position), today)
        }
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _recheck(self, top_left: Index, bottom_right: Index) -> None:
        """An edited row may now fall out of (or into) the filter."""
        model, accepts, today = self.source, self.list_filter.accepts, self.source.today
        self.beginFilterChange()
        for position in range(top_left.row(), bottom_right.row() + 1):
            row = model.row_at(position)
            if accepts(row, model.haystack(position), today):
                self._accepted.add(row.ozg_id)
            else:
                self._accepted.discard(row.ozg_id)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.source.row_at(source_row).ozg_id in self._accepted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source.sort(column, order)
