"""The SQLite connection: WAL, synchronous=FULL, and write transactions that begin IMMEDIATE.

A deferred transaction that reads first and writes later must upgrade its lock and can then fail
with SQLITE_BUSY against another writer no matter how long it waits; `BEGIN IMMEDIATE` takes the
write lock up front so writers queue on the busy timeout instead. Reads stay deferred so that the
GUI can read while an import writes (WAL gives readers a stable snapshot).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from ozg_desk.store.errors import classify

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "ozg_desk_write"


def utc_now() -> str:
    """The current time as an ISO string in UTC, the form every stored timestamp has."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def create_sqlite_engine(path: Path) -> Engine:
    """An engine whose connections use WAL and FULL sync and begin write transactions IMMEDIATE."""
    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that the "begin" hook decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """The local database: `write()` and `read()` give a connection inside one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = create_sqlite_engine(path)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction; commits on success, rolls back on any error."""
        with self._transaction(write=True) as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction with a consistent snapshot."""
        with self._transaction(write=False) as connection:
            yield connection

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as plain:
                connection = plain.execution_options(**{_WRITE_OPTION: write})
                with connection.begin():
                    yield connection
        except (DBAPIError, sqlite3.Error) as error:
            known = classify(error)
            if known is error:
                raise
            raise known from error

    def close(self) -> None:
        self.engine.dispose()
