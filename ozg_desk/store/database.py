"""The SQLite database: reads on plain sqlite3 connections, writes through SQLAlchemy.

Writes begin `IMMEDIATE`: a deferred transaction that reads first and writes later must upgrade
its lock and can then fail with SQLITE_BUSY against another writer however long it waits; taking
the write lock up front makes writers queue on the busy timeout instead. Every connection uses
WAL (readers see a stable snapshot while an import writes) and synchronous=FULL.

Reads use the standard library's sqlite3 directly, written by hand on purpose: importing
SQLAlchemy costs about 150 ms (more on Windows with virus scanning), and the main window should
not wait for it before it shows the data. SQLAlchemy is imported on the first write, or in the
background right after start-up (`Store.warm_up`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ozg_desk.app.errors import classify

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "ozg_desk_write"
_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
)


def utc_now() -> str:
    """The current time as an ISO string in UTC, the form every stored timestamp has."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _configure(connection: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    for pragma in _PRAGMAS:
        connection.execute(pragma)
    if not foreign_keys:
        connection.execute("PRAGMA foreign_keys = OFF")


def create_sqlite_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose connections use WAL and FULL sync and begin write transactions IMMEDIATE."""
    from sqlalchemy import create_engine, event  # noqa: PLC0415 - see module docstring

    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that the "begin" hook decides.
        dbapi_connection.isolation_level = None
        _configure(dbapi_connection, foreign_keys=foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """The local database: `write()` and `read()` give a connection inside one transaction."""

    def __init__(self, path: Path, *, foreign_keys: bool = True) -> None:
        self.path = path
        self.foreign_keys = foreign_keys
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_sqlite_engine(self.path, foreign_keys=self.foreign_keys)
        return self._engine

    def warm_up(self) -> None:
        """Load SQLAlchemy and open the write connection ahead of the first edit."""
        with self.engine.connect():
            pass

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (SQLAlchemy); commits on success, rolls back on any error."""
        try:
            with self.engine.connect() as plain:
                connection = plain.execution_options(**{_WRITE_OPTION: True})
                with connection.begin():
                    yield connection
        except Exception as error:
            raise classify(error) from error

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """One read-only transaction with a consistent snapshot; rows are `sqlite3.Row`."""
        try:
            connection = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise classify(error) from error
        try:
            _configure(connection)
            connection.execute("PRAGMA query_only = 1")
            connection.row_factory = sqlite3.Row
            connection.execute("BEGIN")
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise classify(error) from error
        finally:
            connection.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
