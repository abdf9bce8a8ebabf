"""Open a data directory for work: migrate the store, fill the demo if asked, pick the author."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ozg_desk.demo import DEMO_MARKER, build_demo
from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.paths import DataDir
from ozg_desk.reference_data import reference_dir
from ozg_desk.store import meta, open_store, queries
from ozg_desk.store.database import Store
from ozg_desk.store.migrate import MigrationResult
from ozg_desk.store.repository import Repository


@dataclass(frozen=True)
class Session:
    """An open data directory with its store and write API."""

    data_dir: DataDir
    store: Store
    repository: Repository
    migration: MigrationResult
    demo: bool

    def close(self) -> None:
        self.store.close()


@dataclass(frozen=True)
class Snapshot:
    """What the main window shows first, read in one transaction."""

    behoerde: Behoerde | None
    catalogue: queries.CatalogueInfo
    leistungen: tuple[queries.LeistungRow, ...]


def open_session(
    data_dir: DataDir, *, demo: bool = False, progress: Callable[[str], None] | None = None
) -> Session:
    """Migrate and open the store; with `demo`, fill an empty store with the demo Amt."""
    store, migration = open_store(data_dir)
    try:
        if demo:
            build_demo(store, reference_dir(), progress or (lambda _message: None))
        with store.write() as connection:
            author = meta.get(connection, meta.AUTHOR) or meta.default_author()
            meta.device_id(connection)
            is_demo = meta.get(connection, DEMO_MARKER) == "1"
    except BaseException:
        store.close()
        raise
    return Session(data_dir, store, Repository(store, author), migration, is_demo)


def load_snapshot(store: Store) -> Snapshot:
    with store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        return Snapshot(
            behoerde=behoerde,
            catalogue=queries.catalogue_info(connection),
            leistungen=tuple(queries.leistungen(connection, behoerde.id if behoerde else None)),
        )
