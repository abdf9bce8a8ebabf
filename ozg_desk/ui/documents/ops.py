"""The register operations the Dokumente page needs at once, without loading its dialogs
(they are imported on first use, which keeps the window's start-up fast)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING

from ozg_desk.store.changes import Changes

if TYPE_CHECKING:
    from ozg_desk.app.session import Session
    from ozg_desk.store.register import RegisterEntry
    from ozg_desk.store.repository import Repository


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def advance(repository: Repository, nummer: str, state: str, day: dt.date) -> Changes:
    """Worker side: move a document forward (the register module loads SQLAlchemy)."""
    from ozg_desk.store.register import advance_document  # noqa: PLC0415

    return advance_document(repository, nummer, state, day)


def advance_all(repository: Repository, numbers: list[str], state: str, day: dt.date) -> Changes:
    """Worker side: several documents forward in one write."""
    from ozg_desk.store.register import advance_documents  # noqa: PLC0415

    return advance_documents(repository, numbers, state, day)


def read_register(connection: sqlite3.Connection) -> list[RegisterEntry]:
    """Newest first (the register module loads SQLAlchemy: only on the worker)."""
    from ozg_desk.store.register import register_entries  # noqa: PLC0415

    return register_entries(connection)


def load_entries(session: Session) -> list[RegisterEntry]:
    with session.store.read() as connection:
        return read_register(connection)
