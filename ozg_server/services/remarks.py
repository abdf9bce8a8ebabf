"""Central remarks: notes the Land adds to a Behörde (or one of its Anbindungen)."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, insert

from ozg_server.db import schema
from ozg_server.services.ledger import now, tenant_transaction

MAX_TEXT = 5000


def add_remark(
    engine: Engine, tenant: str, text: str, author: str, anbindung_id: str | None = None
) -> dict[str, object]:
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValueError("Die Bemerkung ist leer oder zu lang (höchstens 5.000 Zeichen).")
    remark: dict[str, object] = {
        "id": str(uuid.uuid4()),
        "anbindung_id": anbindung_id,
        "text": text,
        "author": author,
        "at": now(),
    }
    with tenant_transaction(engine, tenant) as tx:
        tx.connection.execute(insert(schema.remark).values(tenant=tenant, seq=tx.seq, **remark))
    return remark
