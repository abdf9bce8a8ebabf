"""Environment failures (disk full, locked, read-only) become known errors with German text."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from ozg_desk.app.errors import DatabaseLocked, DatabaseReadOnly, DiskFull
from ozg_desk.store.changes import Edit
from ozg_desk.store.database import Store
from ozg_desk.store.repository import Repository
from tests.conftest import content_dump


def test_disk_full_is_a_known_error_and_the_edit_is_not_half_saved(
    repository: Repository,
) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    before = content_dump(repository.store.path)
    full = Store(repository.store.path)

    @event.listens_for(full.engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(DiskFull, match="Datenträger ist voll"):
        Repository(full, "Test").apply([Edit("anbindung", record_id, {"notizen": "x" * 15_000})])
    full.close()
    assert content_dump(repository.store.path) == before


def test_a_locked_database_is_reported_not_crashed(repository: Repository) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    blocker = sqlite3.connect(repository.store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    impatient = Store(repository.store.path)

    @event.listens_for(impatient.engine, "connect")
    def _short_wait(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 100")

    try:
        with pytest.raises(DatabaseLocked, match="gesperrt"):
            Repository(impatient, "Test").apply([Edit("anbindung", record_id, {"notizen": "x"})])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        impatient.close()


def test_a_read_only_database_is_reported(repository: Repository) -> None:
    """Emulated with query_only, which fails writes with SQLITE_READONLY even for root."""
    record_id = repository.create_anbindung("10160").created[0].entity_id
    read_only = Store(repository.store.path)

    @event.listens_for(read_only.engine, "connect")
    def _query_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = 1")

    try:
        with pytest.raises(DatabaseReadOnly, match="schreibgeschützt"):
            Repository(read_only, "Test").apply([Edit("anbindung", record_id, {"notizen": "x"})])
    finally:
        read_only.close()
