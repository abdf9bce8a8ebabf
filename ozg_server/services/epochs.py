"""The feed epoch: how the server recognises a client whose position comes from a history it no
longer has (the database was restored from an older backup), and starts a new epoch.

A client sends its epoch and the highest version it has seen. A version this database never
issued (see `issued` and ledger.py: numbers follow the clock, so a lost history's numbers are
not handed out again) proves that the server lost history: it starts a new epoch, whose start
every desktop then sees, so that each of them reads the feed anew and sends what was lost.
Only the tenant's own (behoerde) tokens can prove this; others just get the refusal.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from ozg_desk.protocol import MAX_SEQ, RESTORE_JUMP
from ozg_server.db import schema
from ozg_server.db.database import read_transaction, write_transaction
from ozg_server.services.ledger import clock_floor

log = logging.getLogger(__name__)
# Epochs start at most here, so that half the numbers always remain for a tenant's changes.
CEILING = MAX_SEQ // 2


@dataclass(frozen=True)
class Placement:
    """A tenant's newest number and its current epoch."""

    latest: int
    epoch: str
    epoch_start: int

    def as_json(self) -> dict[str, object]:
        return {"epoch": self.epoch, "epoch_start": self.epoch_start}


class HistoryLost(Exception):
    """The client's position is not in this server's history: HTTP 409, code history_lost.

    `proven`: the client has seen a version beyond the newest this server issued.
    """

    def __init__(self, placement: Placement, *, proven: bool = False) -> None:
        super().__init__(
            "Der Server wurde auf einen älteren Stand zurückgesetzt. OZG-Desk gleicht seine "
            "Daten neu mit ihm ab und sendet, was dem Server fehlt, noch einmal."
        )
        self.placement, self.proven = placement, proven


def verify(
    connection: Connection, tenant: str, placement: Placement, epoch: str | None, seen: int
) -> None:
    """Raise HistoryLost unless the position (epoch, highest version seen) is in this history."""
    if seen > placement.latest or (seen and not _issued(connection, tenant, seen)):
        raise HistoryLost(placement, proven=True)
    if epoch is not None and epoch != placement.epoch:
        raise HistoryLost(placement)


def _issued(connection: Connection, tenant: str, number: int) -> bool:
    table = schema.issued
    found = connection.execute(
        select(table.c.seq).where((table.c.tenant == tenant) & (table.c.seq == number))
    ).first()
    return found is not None


def placement_in(connection: Connection, tenant: str) -> Placement:
    table = schema.tenant_counter
    row = connection.execute(
        select(table.c.seq, table.c.epoch, table.c.epoch_start).where(table.c.tenant == tenant)
    ).one()
    return Placement(int(row.seq), str(row.epoch), int(row.epoch_start))


def check_position(
    engine: Engine, tenant: str, epoch: str | None, seen: int, *, may_prove: bool
) -> Placement:
    """The tenant's placement if the client's position belongs to it; raises HistoryLost."""
    with read_transaction(engine) as connection:
        placement = placement_in(connection, tenant)
        try:
            verify(connection, tenant, placement, epoch, seen)
        except HistoryLost as lost:
            loss = lost
        else:
            return placement
    raise after_loss(engine, tenant, loss, seen, may_prove=may_prove)


def after_loss(
    engine: Engine, tenant: str, lost: HistoryLost, seen: int, *, may_prove: bool
) -> HistoryLost:
    """The refusal to answer with: after a proven loss, with the new epoch it starts."""
    if lost.proven and may_prove:
        return HistoryLost(new_epoch(engine, tenant, seen, lost.placement.epoch))
    return lost


def new_epoch(engine: Engine, tenant: str, seen: int, proven_in: str) -> Placement:
    """Start a new epoch after a proof found in epoch `proven_in` (unless another request
    started one meanwhile, or the position is one no history can have reached)."""
    with write_transaction(engine) as connection:
        table = schema.tenant_counter
        current = connection.execute(
            select(table.c.seq, table.c.epoch).where(table.c.tenant == tenant).with_for_update()
        ).one()
        if current.epoch != proven_in:
            pass  # a concurrent request of another desktop started it already
        elif seen > clock_floor() + RESTORE_JUMP or seen > CEILING:
            # A number from the future: believing it would use up the numbers for good.
            log.warning("Behörde %s: unplausible Position %d ignoriert", tenant, seen)
        else:
            _start(connection, tenant, max(int(current.seq), seen))
            log.warning("Behörde %s: Verlauf verloren (Rücksicherung?), neue Epoche", tenant)
        return placement_in(connection, tenant)


def _start(connection: Connection, tenant: str, above: int) -> None:
    """A new epoch whose numbers are above `above` and above the clock (ledger.py)."""
    start = max(above, clock_floor()) + 1
    table = schema.tenant_counter
    connection.execute(
        update(table)
        .where(table.c.tenant == tenant)
        .values(seq=start, epoch=str(uuid.uuid4()), epoch_start=start)
    )
    connection.execute(insert(schema.issued).values(tenant=tenant, seq=start))


def start_new_epochs(engine: Engine) -> int:
    """After restoring a backup: a new epoch for every tenant; returns how many."""
    with write_transaction(engine) as connection:
        table = schema.tenant_counter
        rows = connection.execute(select(table.c.tenant, table.c.seq).with_for_update()).all()
        for tenant, seq in rows:
            _start(connection, tenant, int(seq))
    return len(rows)
