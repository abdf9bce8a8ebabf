"""Bring a reference table in line with imported rows and count added / changed / unchanged."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, insert, select, update


@dataclass
class KindSummary:
    """Counts for one kind of imported row."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def upsert_rows(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    natural_key: Callable[[Mapping[Any, Any]], Hashable],
    summary: KindSummary,
) -> None:
    """Insert new rows, update rows whose values differ; rows not in `rows` are kept."""
    existing = {
        natural_key(row._mapping): row._mapping for row in connection.execute(select(table))
    }
    primary = [column.name for column in table.primary_key.columns]
    inserts: list[Mapping[str, Any]] = []
    for row in rows:
        old = existing.get(natural_key(row))
        if old is None:
            inserts.append(row)
            summary.added += 1
        elif any(old[name] != value for name, value in row.items() if name not in primary):
            where = and_(*(table.c[name] == old[name] for name in primary))
            values = {name: value for name, value in row.items() if name not in primary}
            connection.execute(update(table).where(where).values(**values))
            summary.changed += 1
        else:
            summary.unchanged += 1
    if inserts:
        connection.execute(insert(table), list(inserts))
