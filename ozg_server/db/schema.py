"""Server tables. Every tenant-owned row carries `tenant` (the Behörde's ARS) and the `seq` of the
transaction that last wrote it; the per-tenant counter hands out `seq` (see ledger.py)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import JSONB

from ozg_desk.protocol.tables import NAMING, conflict_columns, history_columns, remark_columns

metadata = MetaData(naming_convention=NAMING)
JSONDoc = JSON().with_variant(JSONB(), "postgresql")
ARS = String(12)
UUID = String(36)
TIME = String(32)

tenant = Table(
    "tenant",
    metadata,
    Column("ars", ARS, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", TIME, nullable=False),
)

# One row per tenant; updating it inside a writing transaction hands out the next `seq` and
# keeps the row locked until commit, so a tenant's numbers become visible in commit order.
tenant_counter = Table(
    "tenant_counter",
    metadata,
    Column("tenant", ARS, ForeignKey("tenant.ars"), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    # A new epoch begins when the server finds that it lost history (a restore); the numbers of
    # the new epoch start above `epoch_start` (docs/sync-protocol.md, "Restore").
    Column("epoch", String(36), nullable=False),
    Column("epoch_start", BigInteger, nullable=False, server_default="0"),
)

# Every number a tenant's counter handed out, in this database's history. A client's position
# (cursor, highest version seen) must be one of them; a number missing here comes from a
# history the database no longer has (it was restored from a backup), see epochs.py.
issued = Table(
    "issued",
    metadata,
    Column("tenant", ARS, ForeignKey("tenant.ars"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
)

token = Table(
    "token",
    metadata,
    Column("id", UUID, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("tenant", ARS, ForeignKey("tenant.ars"), nullable=True),
    Column("device", String(200), nullable=False),
    Column("created_at", TIME, nullable=False),
    Column("revoked_at", TIME, nullable=True),
)

record = Table(
    "record",
    metadata,
    Column("tenant", ARS, ForeignKey("tenant.ars"), primary_key=True),
    Column("id", UUID, primary_key=True),
    Column("entity", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("deleted_by", String(100), nullable=True),
    Column("fields", JSONDoc, nullable=False),
    Column("field_meta", JSONDoc, nullable=False),
    Index("ix_record_tenant_seq", "tenant", "seq"),
)

history = Table(
    "history",
    metadata,
    # Ids come from clients: unique per tenant only, so no tenant's ids can block another's.
    Column("tenant", ARS, ForeignKey("tenant.ars"), primary_key=True),
    Column("id", UUID, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    *history_columns(UUID, JSONDoc, TIME),
    # The token that sent the entry: its role and device, whatever author name it gives.
    Column("role", String(20), nullable=True),
    Column("device", String(200), nullable=True),
    Index("ix_history_tenant_seq", "tenant", "seq"),
)

op_log = Table(
    "op_log",
    metadata,
    Column("tenant", ARS, ForeignKey("tenant.ars"), primary_key=True),
    Column("op_id", UUID, primary_key=True),
    Column("payload_hash", String(64), nullable=False),
    Column("response", JSONDoc, nullable=False),
)

conflict = Table(
    "conflict",
    metadata,
    Column("id", UUID, primary_key=True),
    Column("tenant", ARS, ForeignKey("tenant.ars"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    *conflict_columns(UUID, JSONDoc, TIME, device_known=True),
    Column("resolved_by", UUID, nullable=True),
    Index("ix_conflict_tenant_seq", "tenant", "seq"),
)

remark = Table(
    "remark",
    metadata,
    Column("id", UUID, primary_key=True),
    Column("tenant", ARS, ForeignKey("tenant.ars"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    *remark_columns(UUID, TIME),
    Index("ix_remark_tenant_seq", "tenant", "seq"),
)

release = Table(
    "release",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("stand", String(50), nullable=True),
    Column("content", JSONDoc, nullable=False),
    Column("published_by", String(200), nullable=False),
    Column("published_at", TIME, nullable=False),
    Index("ix_release_kind_version", "kind", "version"),
)

FEED_TABLES = (record, history, conflict, remark)
