"""Which Leistungen the list shows: search, filters and saved views, without Qt.

The GUI's proxy model asks `ListFilter.accepts`; the tests compare the visible rows with an
independent computation, so this module is the single definition of what a filter means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.lifecycle import Status

NOT_TRACKED = "nicht_erfasst"
DONE_STATUSES = frozenset({Status.ONLINE, Status.NOT_RELEVANT, Status.OFFLINE})

RELEVANCE_LABELS: Mapping[str, str] = {
    "relevant": "relevante Leistungen",
    "kommunal": "kommunal vollzogen (laut Typisierung)",
    "alle": "alle Leistungen",
    "nicht_relevant": "als nicht relevant entschieden",
}


def search_text(row: LeistungRow) -> str:
    """Everything a search term may match: name, OZG-ID, LeiKa keys and LeiKa names."""
    return " ".join((row.ozg_id, row.name, *row.leika_keys, *row.leika_names)).casefold()


def status_of(row: LeistungRow) -> str:
    return str(row.values["status"]) if row.anbindung_id else NOT_TRACKED


def counts_as_relevant(kommunal: bool, status: object) -> bool:
    """Kommunal vollzogen or tracked (`status` not None), unless the Amt decided it is not
    relevant: the one rule the list, the Übersicht and the Kennzahlen share."""
    if status == Status.NOT_RELEVANT:
        return False
    return kommunal or status is not None


def is_relevant(row: LeistungRow) -> bool:
    return counts_as_relevant(row.kommunal, row.values.get("status") if row.anbindung_id else None)


def is_overdue(row: LeistungRow, today: dt.date) -> bool:
    target = row.values.get("zieltermin")
    if not row.anbindung_id or not target or row.values.get("status") in DONE_STATUSES:
        return False
    return dt.date.fromisoformat(str(target)) < today


@dataclass(frozen=True)
class ListFilter:
    """The user's current search and filter choices; empty fields filter nothing."""

    text: str = ""
    relevance: str = "relevant"
    themenfeld: str | None = None
    status: str | None = None
    typ: str | None = None
    owner: str | None = None
    overdue: bool = False
    open_only: bool = False
    # Exactly these Leistungen (the records behind a Kennzahl), named by `ids_label`.
    ozg_ids: tuple[str, ...] | None = None
    ids_label: str = ""

    def accepts(self, row: LeistungRow, haystack: str, today: dt.date) -> bool:
        return (
            (self.ozg_ids is None or row.ozg_id in self.ozg_ids)
            and self._relevance(row)
            and all(word in haystack for word in self.text.casefold().split())
            and (self.themenfeld is None or row.themenfeld == self.themenfeld)
            and (self.status is None or status_of(row) == self.status)
            and (self.typ is None or self.typ in row.typisierung)
            and (self.owner is None or row.values.get("verantwortlich") == self.owner)
            and (not self.overdue or is_overdue(row, today))
            and (
                not self.open_only
                or (bool(row.anbindung_id) and row.values.get("status") not in DONE_STATUSES)
            )
        )

    def _relevance(self, row: LeistungRow) -> bool:
        if self.relevance == "kommunal":
            return row.kommunal
        if self.relevance == "nicht_relevant":
            return bool(row.anbindung_id) and row.values.get("status") == Status.NOT_RELEVANT
        if self.relevance == "relevant":
            return is_relevant(row)
        return True

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ListFilter:
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if isinstance(values.get("ozg_ids"), list):
            values["ozg_ids"] = tuple(str(item) for item in values["ozg_ids"])
        return cls(**values)

    @classmethod
    def records(cls, ozg_ids: Iterable[str], label: str) -> ListFilter:
        """Exactly these Leistungen, whatever their relevance (a Kennzahl's records)."""
        return cls(relevance="alle", ozg_ids=tuple(sorted(set(ozg_ids))), ids_label=label)


def visible_rows(rows: Sequence[LeistungRow], list_filter: ListFilter, today: dt.date) -> list[int]:
    """Indexes of the rows the filter accepts."""
    return [
        index for index, row in enumerate(rows) if list_filter.accepts(row, search_text(row), today)
    ]


@dataclass(frozen=True)
class SavedView:
    """A named filter; built-in views are offered to everyone, others are the user's own."""

    name: str
    filter: ListFilter
    builtin: bool = False


def builtin_views(author: str) -> tuple[SavedView, ...]:
    return (
        SavedView("Relevante Leistungen", ListFilter(), builtin=True),
        SavedView(
            "Meine offenen",
            ListFilter(relevance="alle", owner=author, open_only=True),
            builtin=True,
        ),
        SavedView("Überfällig", ListFilter(relevance="alle", overdue=True), builtin=True),
        SavedView("Alle Leistungen", ListFilter(relevance="alle"), builtin=True),
    )


def views_to_json(views: Iterable[SavedView]) -> list[dict[str, Any]]:
    return [
        {"name": view.name, "filter": view.filter.as_json()} for view in views if not view.builtin
    ]


def views_from_json(data: object) -> list[SavedView]:
    """User views from stored JSON; anything malformed is skipped, never fatal."""
    views = []
    if isinstance(data, list):
        for item in data:
            if (
                isinstance(item, dict)
                and isinstance(item.get("name"), str)
                and isinstance(item.get("filter"), dict)
            ):
                try:
                    views.append(SavedView(item["name"], ListFilter.from_json(item["filter"])))
                except TypeError:
                    continue
    return views


def with_text(list_filter: ListFilter, text: str) -> ListFilter:
    return replace(list_filter, text=text)
