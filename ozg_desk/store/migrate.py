"""Bring a database to the current schema at start-up: refuse newer ones, back up, upgrade.

The revision check reads `alembic_version` with the sqlite3 module directly, so that an up-to-date
database opens without importing Alembic (start-up time); Alembic is only loaded to upgrade.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ozg_desk.app.errors import DatabaseCorrupt, DatabaseTooNew, classify
from ozg_desk.store.database import Store

# The newest revision this program knows; a test checks it against the migration scripts.
HEAD_REVISION = "0010"
MIGRATIONS = Path(__file__).parent / "migrations"
KEEP_BACKUPS = 10


@dataclass(frozen=True)
class MigrationResult:
    """What start-up did to the database."""

    before: str | None
    after: str
    backup: Path | None


def read_revision(path: Path) -> str | None:
    """The schema revision stored in the database; None for a new or empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseCorrupt(
                        f"„{path.name}“ enthält Daten, ist aber keine OZG-Desk-Datenbank."
                    )
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise classify(error) from error
    return None if row is None else str(row[0])


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only needed to upgrade

    script = ScriptDirectory(str(MIGRATIONS))
    return {revision.revision for revision in script.walk_revisions()}


def alembic_head() -> str:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def ensure_current(path: Path, backups: Path) -> MigrationResult:
    """Upgrade the database at `path` to HEAD_REVISION; back it up first if it holds data."""
    before = read_revision(path)
    if before == HEAD_REVISION:
        return MigrationResult(before, before, None)
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(
            "Diese Datenbank wurde von einer neueren OZG-Desk-Version angelegt "
            f"(Schemastand {before}). Bitte OZG-Desk aktualisieren; die Datenbank bleibt "
            "unverändert."
        )
    backup_path = backup(path, backups, before) if before is not None else None
    upgrade(path)
    return MigrationResult(before, HEAD_REVISION, backup_path)


def upgrade(path: Path, target: str = "head") -> None:
    """Apply migrations up to `target` in one IMMEDIATE transaction."""
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # SQLite changes a table by copying it; with foreign keys enforced, dropping the old copy of
    # a referenced table fails. So they are off while migrating, and checked before commit.
    store = Store(path, foreign_keys=False)
    try:
        with store.write() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise DatabaseCorrupt(
                    "Nach dem Update stimmen Verweise in der Datenbank nicht; "
                    "das Update wurde zurückgenommen."
                )
    finally:
        store.close()


def backup(path: Path, backups: Path, revision: str | None) -> Path:
    """Copy the database with SQLite's online backup API; keep the newest KEEP_BACKUPS."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups / f"ozg-desk-{stamp}-schema{revision or 'neu'}.sqlite"
    source = sqlite3.connect(path)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        result = destination.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise DatabaseCorrupt("Die Sicherungskopie vor dem Update ist fehlerhaft.")
    finally:
        destination.close()
        source.close()
    for old in sorted(backups.glob("ozg-desk-*.sqlite"))[:-KEEP_BACKUPS]:
        old.unlink()
    return target
