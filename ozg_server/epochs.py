"""The feed epoch: how the server recognises a client whose position comes from a history it no
longer has (the database was restored from an older backup), and starts a new epoch.

A client sends its epoch and the highest version it has seen. A version beyond the newest one
the server issued proves that the server lost history: it starts a new epoch whose numbers jump
far above every number the lost history can have issued, so that no version ever names two
states. Only the tenant's own (behoerde) tokens can prove this; others just get the refusal.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, update

from ozg_desk.protocol import MAX_SEQ, RESTORE_JUMP
from ozg_server import schema
from ozg_server.database import read_transaction, write_transaction

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


def verify(placement: Placement, epoch: str | None, seen: int) -> None:
    """Raise HistoryLost unless the position (epoch, highest version seen) is in this history."""
    if seen > placement.latest:
        raise HistoryLost(placement, proven=True)
    if epoch is not None and epoch != placement.epoch:
        raise HistoryLost(placement)


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
        verify(placement, epoch, seen)
    except HistoryLost as lost:
        raise after_loss(engine, tenant, lost, seen, may_prove=may_prove) from None
    return placement


def after_loss(
    engine: Engine, tenant: str, lost: HistoryLost, seen: int, *, may_prove: bool
) -> HistoryLost:
    """The refusal to answer with: after a proven loss, with the new epoch it starts."""
    if lost.proven and may_prove:
        return HistoryLost(new_epoch(engine, tenant, seen))
    return lost


def new_epoch(engine: Engine, tenant: str, seen: int) -> Placement:
    with write_transaction(engine) as connection:
        table = schema.tenant_counter
        locked = connection.execute(
            select(table.c.seq).where(table.c.tenant == tenant).with_for_update()
        ).scalar_one()
        if seen > locked and seen + RESTORE_JUMP > CEILING:
            # No history reaches that far: believing it would use up the numbers for good.
            log.warning("Behörde %s: unplausible Position %d ignoriert", tenant, seen)
        elif seen > locked:  # not yet started by a concurrent request of another desktop
            _start(connection, tenant, max(int(locked), seen))
            log.warning("Behörde %s: Verlauf verloren (Rücksicherung?), neue Epoche", tenant)
        return placement_in(connection, tenant)


def _start(connection: Connection, tenant: str, above: int) -> None:
    start = min(above, CEILING - RESTORE_JUMP) + RESTORE_JUMP
    table = schema.tenant_counter
    connection.execute(
        update(table)
        .where(table.c.tenant == tenant)
        .values(seq=start, epoch=str(uuid.uuid4()), epoch_start=start)
    )


def start_new_epochs(engine: Engine) -> int:
    """After restoring a backup: a new epoch for every tenant; returns how many."""
    with write_transaction(engine) as connection:
        table = schema.tenant_counter
        rows = connection.execute(select(table.c.tenant, table.c.seq).with_for_update()).all()
        for tenant, seq in rows:
            _start(connection, tenant, int(seq))
    return len(rows)
