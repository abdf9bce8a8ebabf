"""Writing transactions of a tenant and the per-tenant sequence they are numbered with.

`UPDATE tenant_counter … RETURNING seq` inside the writing transaction locks the tenant's row
until commit. A second writer of the same tenant waits there, so numbers are handed out and
committed in the same order: a reader that saw `seq = n` can never later find a new row with a
smaller number. That is what makes the feed cursor safe against late commits.

A number is never below the server's clock in microseconds, so a database restored from a
backup goes on with numbers above every one its lost history handed out: no number ever names
two states, even before anyone noticed the restore. Each number is recorded in `issued`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, case, insert, update

from ozg_server.db import schema
from ozg_server.db.database import write_transaction


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def clock_floor() -> int:
    """The lowest number a transaction may get now: the server's time in microseconds."""
    return time.time_ns() // 1000


@dataclass
class TenantTransaction:
    """An open writing transaction of one tenant; `seq` is allocated on first use."""

    connection: Connection
    tenant: str
    _seq: int | None = None

    @property
    def seq(self) -> int:
        if self._seq is None:
            table = schema.tenant_counter
            floor = clock_floor()
            following = case((table.c.seq + 1 > floor, table.c.seq + 1), else_=floor)
            result = self.connection.execute(
                update(table)
                .where(table.c.tenant == self.tenant)
                .values(seq=following)
                .returning(table.c.seq)
            ).scalar_one()
            self._seq = int(result)
            self.connection.execute(insert(schema.issued).values(tenant=self.tenant, seq=self._seq))
        return self._seq

    @property
    def allocated(self) -> bool:
        return self._seq is not None


@contextmanager
def tenant_transaction(engine: Engine, tenant: str) -> Iterator[TenantTransaction]:
    """One writing transaction for `tenant`; commits on success."""
    with write_transaction(engine) as connection:
        yield TenantTransaction(connection, tenant)
