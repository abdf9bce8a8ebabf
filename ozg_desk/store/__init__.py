"""The local store: SQLite through SQLAlchemy, migrated at start-up, one write API."""

from __future__ import annotations

from ozg_desk.app.paths import DataDir
from ozg_desk.store.database import Store
from ozg_desk.store.migrate import MigrationResult, ensure_current


def open_store(data_dir: DataDir) -> tuple[Store, MigrationResult]:
    """Migrate (with backup) and open the database of `data_dir`."""
    result = ensure_current(data_dir.database, data_dir.backups)
    return Store(data_dir.database), result
