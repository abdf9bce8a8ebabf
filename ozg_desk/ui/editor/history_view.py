"""The history of an Anbindung, readable: when, who, what changed from what to what."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ozg_desk.app.german_time import local_time
from ozg_desk.domain.anbindung import NEW_ANBINDUNG_DEFAULTS
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.store.changes import CREATED, DELETED
from ozg_desk.store.queries import HistoryEntry
from ozg_desk.ui.widgets.a11y import named


def describe(entry: HistoryEntry, titles: Mapping[str, str]) -> str:
    """One German sentence for a history entry."""
    kind = ENTITIES.get(entry.entity)
    subject = (
        f"Checkliste „{titles.get(entry.entity_id, '?')}“: "
        if entry.entity == "checklist_item"
        else ""
    )
    if entry.field == CREATED:
        return (
            f"{subject or (kind.label if kind else entry.entity) + ' '}angelegt".strip()
            + _initial(entry)
        )
    if entry.field == DELETED:
        return f"{subject}{'gelöscht' if entry.new else 'wiederhergestellt'}"
    spec = kind.fields.get(entry.field) if kind else None
    if spec is None:
        return f"{subject}{entry.field}: {entry.old} → {entry.new}"
    return f"{subject}{spec.label}: {spec.display(entry.old)} → {spec.display(entry.new)}"


def _initial(entry: HistoryEntry) -> str:
    """The values a record started with, leaving out the defaults every record has."""
    kind = ENTITIES.get(entry.entity)
    if kind is None or not isinstance(entry.new, dict):
        return ""
    defaults = NEW_ANBINDUNG_DEFAULTS if entry.entity == "anbindung" else {}
    parts = [
        f"{kind.fields[name].label} {kind.fields[name].display(value)}"
        for name, value in entry.new.items()
        if name in kind.fields and defaults.get(name) != value
    ]
    return f": {', '.join(parts)}" if parts else ""


class HistoryView(QListWidget):
    """Newest first; each entry shows the change, then when and by whom."""

    def __init__(self) -> None:
        super().__init__()
        named(self, "Historie", "Alle Änderungen an dieser Anbindung, die neueste zuerst")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(2)

    def set_entries(self, entries: Sequence[HistoryEntry], titles: Mapping[str, str]) -> None:
        self.clear()
        for entry in entries:
            if entry.entity == "checklist_item" and entry.field == CREATED:
                continue  # the template items come with the Anbindung; listing them is noise
            text = describe(entry, titles)
            item = QListWidgetItem(f"{text}\n{local_time(entry.at)} · {entry.shown_author}")
            item.setToolTip(text)
            self.addItem(item)
