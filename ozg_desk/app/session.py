"""Open a data directory for work: migrate the store, fill the demo if asked, pick the author."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ozg_desk.app.paths import DataDir
from ozg_desk.domain.behoerde import Behoerde
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.store import meta, open_store, queries
from ozg_desk.store.database import Store
from ozg_desk.store.migrate import MigrationResult

if TYPE_CHECKING:
    from ozg_desk.store.repository import Repository


@dataclass
class Session:
    """An open data directory with its store; the write API is created on first use."""

    data_dir: DataDir
    store: Store
    author: str
    migration: MigrationResult
    demo: bool
    _repository: Repository | None = field(default=None, repr=False)

    @property
    def repository(self) -> Repository:
        if self._repository is None:
            from ozg_desk.store.repository import Repository  # noqa: PLC0415 - loads SQLAlchemy

            self._repository = Repository(self.store, self.author)
        return self._repository

    def warm_up(self) -> None:
        """Create the write API and connection ahead of the first edit (on the worker)."""
        self.store.warm_up()
        _ = self.repository

    def close(self) -> None:
        self.store.close()


@dataclass(frozen=True)
class Snapshot:
    """What the main window shows first, read in one transaction."""

    behoerde: Behoerde | None
    catalogue: queries.CatalogueInfo
    leistungen: tuple[LeistungRow, ...]


def open_session(
    data_dir: DataDir, *, demo: bool = False, progress: Callable[[str], None] | None = None
) -> Session:
    """Migrate and open the store; with `demo`, fill an empty store with the demo Amt."""
    store, migration = open_store(data_dir)
    try:
        if demo:
            from ozg_desk.app.demo import build_demo  # noqa: PLC0415 - only for the demo
            from ozg_desk.app.reference_data import reference_dir  # noqa: PLC0415

            build_demo(store, reference_dir(), progress or (lambda _message: None))
        with store.read() as connection:
            author = queries.meta_value(connection, meta.AUTHOR) or meta.default_author()
            is_demo = queries.meta_value(connection, meta.DEMO) == "1"
    except BaseException:
        store.close()
        raise
    return Session(data_dir, store, author, migration, is_demo)


def load_snapshot(store: Store) -> Snapshot:
    with store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        return Snapshot(
            behoerde=behoerde,
            catalogue=queries.catalogue_info(connection),
            leistungen=tuple(queries.leistungen(connection, behoerde.id if behoerde else None)),
        )
