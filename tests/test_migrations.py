"""Schema migrations at start-up: fresh database, upgrade with backup, refusal of newer ones."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ozg_desk.app.errors import DatabaseCorrupt, DatabaseTooNew
from ozg_desk.app.paths import DataDir
from ozg_desk.store import open_store, schema
from ozg_desk.store.migrate import HEAD_REVISION, alembic_head, read_revision, upgrade


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_constant_matches_the_migration_scripts() -> None:
    assert alembic_head() == HEAD_REVISION


def test_fresh_database_gets_the_full_schema(data_dir: DataDir) -> None:
    store, result = open_store(data_dir)
    try:
        assert (result.before, result.after, result.backup) == (None, HEAD_REVISION, None)
        with store.write() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), schema.metadata)
            journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        with store.read() as reader:
            assert reader.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert differences == []  # migrations create exactly what schema.py declares
        assert journal == "wal"
        assert synchronous == 2  # FULL
    finally:
        store.close()


def test_upgrade_backs_up_first_and_keeps_the_data(data_dir: DataDir) -> None:
    upgrade(data_dir.database, target="0001")
    connection = sqlite3.connect(data_dir.database)
    connection.execute("INSERT INTO themenfeld (name) VALUES ('Gesundheit')")
    connection.commit()
    connection.close()
    store, result = open_store(data_dir)
    try:
        assert (result.before, result.after) == ("0001", HEAD_REVISION)
        assert result.backup is not None and result.backup.parent == data_dir.backups
        with store.read() as connection_after:
            names = [row[0] for row in connection_after.execute("SELECT name FROM themenfeld")]
        assert names == ["Gesundheit"]
    finally:
        store.close()
    assert read_revision(result.backup) == "0001"
    backup = sqlite3.connect(result.backup)
    assert backup.execute("SELECT name FROM themenfeld").fetchall() == [("Gesundheit",)]
    backup.close()
    _, again = open_store(data_dir)
    assert again.backup is None  # nothing to migrate, no further backup


def test_newer_database_is_refused_and_left_untouched(data_dir: DataDir) -> None:
    store, _ = open_store(data_dir)
    store.close()
    connection = sqlite3.connect(data_dir.database)
    connection.execute("PRAGMA journal_mode = DELETE")  # fold the WAL so the file is complete
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    before = digest(data_dir.database)
    with pytest.raises(DatabaseTooNew, match="neueren OZG-Desk-Version.*0099.*unverändert"):
        open_store(data_dir)
    assert digest(data_dir.database) == before
    assert not data_dir.backups.exists()


def test_a_foreign_sqlite_file_is_refused(data_dir: DataDir) -> None:
    connection = sqlite3.connect(data_dir.database)
    connection.execute("CREATE TABLE fremd (x)")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseCorrupt, match="keine OZG-Desk-Datenbank"):
        open_store(data_dir)


def test_a_file_that_is_not_a_database_is_refused(data_dir: DataDir) -> None:
    data_dir.database.write_bytes(b"Das ist keine Datenbank, sondern ein Brief." * 200)
    before = digest(data_dir.database)
    with pytest.raises(DatabaseCorrupt):
        open_store(data_dir)
    assert digest(data_dir.database) == before


def test_upgrade_of_a_database_with_real_records(data_dir: DataDir, tmp_path: Path) -> None:
    """Migrations that rebuild tables must work with records that reference each other.

    The records are made by today's repository in a current database and copied, column by
    column as far as the old schema has them, into a database at revision 0002."""
    import sqlite3

    from ozg_desk.app.paths import prepare_data_dir
    from ozg_desk.store.repository import Repository
    from tests.helpers import seed_catalogue

    source, _ = open_store(prepare_data_dir(tmp_path / "heute"))
    seed_catalogue(source)
    repository = Repository(source, "Test")
    repository.save_profile(
        {"ars": "130765668000", "typ": "amt", "name": "Amt Crivitz"},
        [{"ars": "130765668005", "name": "Banzkow"}],
    )
    record = repository.create_anbindung("10160", {"verantwortlich": "Kämmerei"})
    source.close()
    upgrade(data_dir.database, target="0002")
    old = sqlite3.connect(data_dir.database)
    with old:
        old.execute("ATTACH DATABASE ? AS heute", (str(source.path),))
        tables = [
            row[0]
            for row in old.execute(
                "SELECT name FROM main.sqlite_master "
                "WHERE type = 'table' AND name != 'alembic_version'"
            )
        ]
        for table in tables:
            columns = [row[1] for row in old.execute(f"PRAGMA main.table_info({table})")]
            names = ", ".join(columns)
            old.execute(
                f"INSERT OR IGNORE INTO main.{table} ({names}) SELECT {names} FROM heute.{table}"
            )
    old.execute("DETACH DATABASE heute")
    old.close()
    upgraded, result = open_store(data_dir)
    try:
        assert (result.before, result.after) == ("0002", HEAD_REVISION)
        with upgraded.read() as connection:
            rows = connection.execute("SELECT verantwortlich FROM anbindung").fetchall()
            items = connection.execute("SELECT count(*) FROM checklist_item").fetchone()[0]
            history = connection.execute("SELECT count(*) FROM history").fetchone()[0]
        assert [row[0] for row in rows] == ["Kämmerei"] and items == 8 and history > 0
        assert record.created
    finally:
        upgraded.close()


def test_server_migrations_create_exactly_the_declared_schema(server_db: object) -> None:
    from sqlalchemy import Engine

    from ozg_server.db import schema as server_schema

    assert isinstance(server_db, Engine)
    with server_db.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, server_schema.metadata) == []


def test_a_synced_pc_keeps_its_position_in_the_servers_history_across_the_update(
    data_dir: DataDir,
) -> None:
    """Schema 0007 checks the highest version a PC has seen; for a PC that synced with an
    older version that is its feed cursor, so that it, too, notices a restored server."""
    upgrade(data_dir.database, target="0006")
    connection = sqlite3.connect(data_dir.database)
    connection.execute("INSERT INTO meta (key, value) VALUES ('sync_cursor', '1796283854192265')")
    connection.commit()
    connection.close()
    store, _ = open_store(data_dir)
    try:
        with store.read() as reader:
            seen = reader.execute("SELECT value FROM meta WHERE key = 'sync_seen'").fetchone()
        assert seen is not None and seen[0] == "1796283854192265"
    finally:
        store.close()
