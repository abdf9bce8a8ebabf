"""Database engine for the server: PostgreSQL (production) or SQLite (a fresh machine)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from ozg_server.config import ServerConfig

_WRITE = "ozg_server_write"


def make_engine(config: ServerConfig) -> Engine:
    if not config.is_sqlite:
        return create_engine(
            config.database_url, pool_size=20, max_overflow=20, pool_pre_ping=True, pool_timeout=30
        )
    engine = create_engine(config.database_url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the "begin" hook below decides
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA busy_timeout = 30000",
            "PRAGMA foreign_keys = ON",
        ):
            dbapi_connection.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the lock up front (no deadlock on lock upgrade), readers stay deferred.
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as plain:
        connection = plain.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


@contextmanager
def read_transaction(engine: Engine, *, snapshot: bool = False) -> Iterator[Connection]:
    """A read transaction; with `snapshot`, every statement in it sees the same committed
    state (PostgreSQL's default READ COMMITTED gives each statement its own)."""
    with engine.connect() as plain:
        connection = plain
        if snapshot and engine.dialect.name == "postgresql":
            connection = plain.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection
