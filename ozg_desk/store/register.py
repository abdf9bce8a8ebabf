"""The document register in the store: a number and a register entry for every generated
document, written in one transaction with the PDF, and its way from printing to confirmation."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ozg_desk.domain.documents import STATE_DATES, STATES, advance, dokument_id
from ozg_desk.domain.errors import DomainError
from ozg_desk.store import meta
from ozg_desk.store.changes import Changes, Edit
from ozg_desk.store.queries import json_value
from ozg_desk.store.records import load_row
from ozg_desk.store.repository import Repository

MAX_SKIPPED = 100_000


@dataclass(frozen=True)
class Numbered:
    """What a producer gets to fill in: the new number and the local Behörde and device."""

    nummer: str
    behoerde: Mapping[str, Any]
    device_id: str


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the register, as plain values for views and commands."""

    id: str
    nummer: str
    typ: str
    titel: str
    leistungen: tuple[str, ...]
    vorlage_version: str
    sha256: str
    pruefwert: str
    erstellt_am: str
    zustand: str
    dates: Mapping[str, str | None]
    bemerkung: str


def create_document(
    repository: Repository,
    number_for: Callable[[int, str, int], str],
    produce: Callable[[Numbered], Mapping[str, object]],
    today: dt.date,
    in_use: Callable[[str], bool] = lambda _nummer: False,
) -> tuple[Changes, str]:
    """Allocate the next free number, let `produce` make the document (and its file), register
    it. One transaction: if producing fails, the number is not used and nothing is registered.

    A number already in the register or `in_use` (e.g. its PDF exists) is skipped: the device's
    counter may lag behind after a database was restored from a backup.
    """
    with repository.store.write() as connection:
        behoerde = repository.local_behoerde_in(connection)
        device = meta.device_id(connection)
        key = meta.DOCUMENTS_SEQUENCE.format(year=today.year)
        sequence = int(meta.get(connection, key) or 0)
        for _attempt in range(MAX_SKIPPED):
            sequence += 1
            nummer = number_for(today.year, device, sequence)
            record_id = dokument_id(str(behoerde["ars"]), nummer)
            if load_row(connection, "dokument", record_id) is None and not in_use(nummer):
                break
        else:
            raise DomainError("Es ist keine freie Dokumentnummer zu finden.")
        meta.put(connection, key, str(sequence))
        fields = dict(produce(Numbered(nummer, behoerde, device)))
        fields.update(nummer=nummer, zustand="erzeugt")
        changes = repository.create_in(
            connection, "dokument", record_id, {"behoerde_id": behoerde["id"]}, fields
        )
        return changes, nummer


def advance_document(
    repository: Repository,
    nummer: str,
    state: str,
    date: dt.date,
    today: dt.date | None = None,
) -> Changes:
    """Move a document forward (e.g. "unterschrieben" when it comes back signed)."""
    return advance_documents(repository, [nummer], state, date, today)


def advance_documents(
    repository: Repository,
    numbers: Sequence[str],
    state: str,
    date: dt.date,
    today: dt.date | None = None,
) -> Changes:
    """Move several documents forward in one write (all or none, one undo step)."""
    current_day = today or dt.datetime.now().astimezone().date()
    edits = []
    with repository.store.read() as connection:
        for nummer in numbers:
            entry = find_entry(connection, nummer)
            if entry is None:
                raise DomainError(f"Ein Dokument mit der Nummer {nummer} ist nicht im Register.")
            recorded = {STATE_DATES[step]: day for step, day in entry.dates.items() if day}
            values = {"zustand": entry.zustand, "erstellt_am": entry.erstellt_am, **recorded}
            try:  # skipped states keep no date: only the state reached is dated
                fields = advance(values, state, date, current_day)
            except DomainError as error:
                if len(numbers) == 1:
                    raise
                raise DomainError(f"{nummer}: {error}") from None  # which of the papers
            edits.append(Edit("dokument", entry.id, fields))
    return repository.apply(edits)


def find_entry(connection: sqlite3.Connection, nummer: str) -> RegisterEntry | None:
    row = connection.execute(
        "SELECT * FROM dokument WHERE nummer = ? AND NOT deleted", (nummer,)
    ).fetchone()
    return None if row is None else _entry(row)


def register_entries(connection: sqlite3.Connection) -> list[RegisterEntry]:
    """Newest first."""
    rows = connection.execute(
        "SELECT * FROM dokument WHERE NOT deleted ORDER BY erstellt_am DESC, nummer DESC"
    ).fetchall()
    return [_entry(row) for row in rows]


def _entry(row: sqlite3.Row) -> RegisterEntry:
    return RegisterEntry(
        id=row["id"],
        nummer=row["nummer"],
        typ=row["typ"],
        titel=row["titel"],
        leistungen=tuple(json_value(row["leistungen"]) or ()),
        vorlage_version=row["vorlage_version"],
        sha256=row["sha256"],
        pruefwert=row["pruefwert"],
        erstellt_am=row["erstellt_am"],
        zustand=row["zustand"],
        dates={state: row[field] for state, field in STATE_DATES.items()},
        bemerkung=row["bemerkung"] or "",
    )


__all__ = ["STATES", "Numbered", "RegisterEntry", "advance_document", "create_document"]
