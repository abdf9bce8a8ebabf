"""Releases the Land publishes and every client pulls: reference data (catalogue, areas) and the
wording of the documents (templates)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, func, insert, select

from ozg_server.db import schema
from ozg_server.db.database import read_transaction, write_transaction
from ozg_server.services.ledger import now

KINDS = ("catalogue", "areas", "templates")


def publish(engine: Engine, kind: str, content: dict[str, Any], stand: str | None, by: str) -> int:
    assert kind in KINDS
    with write_transaction(engine) as connection:
        result = connection.execute(
            insert(schema.release).values(
                kind=kind, stand=stand, content=content, published_by=by, published_at=now()
            )
        )
        version = result.inserted_primary_key
        assert version is not None
    _versions.clear()  # announce the new release at once (in this process)
    return int(version[0])


def newest(engine: Engine, kind: str, after: int) -> dict[str, Any] | None:
    """The newest release of `kind` if it is newer than `after`."""
    table = schema.release
    with read_transaction(engine) as connection:
        row = connection.execute(
            select(table).where(table.c.kind == kind).order_by(table.c.version.desc()).limit(1)
        ).first()
    if row is None or row.version <= after:
        return None
    return {
        "version": row.version,
        "stand": row.stand,
        "published_at": row.published_at,
        "content": row.content,
    }


_versions: dict[str, int] = {}
_versions_read = 0.0
CACHE_SECONDS = 10.0


def versions(engine: Engine) -> dict[str, int]:
    """The newest version of each kind (0 if none), announced with every pull; remembered for
    a few seconds, since releases are rare and every pull asks."""
    global _versions_read  # noqa: PLW0603 - a small per-process cache
    if _versions and time.monotonic() - _versions_read < CACHE_SECONDS:
        return dict(_versions)
    table = schema.release
    with read_transaction(engine) as connection:
        rows = connection.execute(
            select(table.c.kind, func.max(table.c.version)).group_by(table.c.kind)
        ).all()
    found = {kind: int(version) for kind, version in rows}
    _versions.update({kind: found.get(kind, 0) for kind in KINDS})
    _versions_read = time.monotonic()
    return dict(_versions)
