"""Malformed push bodies, generated: the server never answers 5xx, and a refused request
changes nothing in the store."""

from __future__ import annotations

import json
import uuid
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.behoerde import behoerde_id
from ozg_server.db import schema
from tests.helpers.sync import AMT_A, LiveServer, tenant_with_token

VALID = {
    "op_id": "4f1c2a9e-0b7d-4c3e-9a1f-2b3c4d5e6f70",
    "entity": "anbindung",
    "entity_id": anbindung_id(AMT_A, "10160"),
    "kind": "create",
    "fields": {"behoerde_id": behoerde_id(AMT_A), "ozg_id": "10160", "status": "offen"},
    "history": [{"id": "5f1c2a9e-0b7d-4c3e-9a1f-2b3c4d5e6f71", "field": "_angelegt", "new": {}}],
    "author": "Anna",
    "at": "2026-12-03T10:00:00+00:00",
}
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_operations(draw: st.DrawFn) -> dict[str, Any]:
    """A valid operation with some keys dropped, replaced by junk, or added."""
    op = json.loads(json.dumps(VALID))
    for key in draw(st.lists(st.sampled_from(sorted(op)), max_size=3, unique=True)):
        if draw(st.booleans()):
            del op[key]
        else:
            op[key] = draw(json_values)
    if draw(st.booleans()):
        fields = op.get("fields") if isinstance(op.get("fields"), dict) else {}
        op["fields"] = {**fields, draw(st.text(max_size=12)): draw(json_values)}
    op["op_id"] = draw(st.sampled_from([str(uuid.uuid4()), op.get("op_id"), draw(json_values)]))
    return op


bodies = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.lists(mutated_operations(), min_size=1, max_size=3).map(
        lambda ops: json.dumps({"protocol": 1, "ops": ops}).encode()
    ),
    st.binary(max_size=200),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.text(max_size=50).map(lambda text: text.encode("utf-16")),
)


def stored(live_server: LiveServer, *, with_log: bool = True) -> list[tuple[Any, ...]]:
    """The tenant's data; `with_log` adds the answers kept for retries and the counter."""
    tables = [schema.record, schema.history, schema.conflict]
    if with_log:
        tables += [schema.op_log, schema.tenant_counter]
    with live_server.engine.connect() as connection:
        return [tuple(row) for table in tables for row in connection.execute(select(table)).all()]


def test_malformed_pushes_are_refused_and_change_nothing(sqlite_server: LiveServer) -> None:
    token = tenant_with_token(sqlite_server.engine, AMT_A, "Amt Crivitz")
    session = requests.Session()
    session.headers.update(
        {
            "Authorization": f"Bearer {token}",
            "OZG-Desk-Protocol": "1",
            "Content-Type": "application/json",
        }
    )

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=bodies)
    def push(body: bytes) -> None:
        before = stored(sqlite_server)
        records_before = stored(sqlite_server, with_log=False)
        answer = session.post(f"{sqlite_server.url}/api/v1/push", data=body, timeout=10)
        assert answer.status_code < 500, (body[:300], answer.text[:300])
        assert answer.json()["protocol"] == 1
        if answer.status_code >= 400:  # refused: not a trace of it in the store
            assert stored(sqlite_server) == before, body[:300]
            assert isinstance(answer.json()["error"], str)
        elif all(result["status"] == "rejected" for result in answer.json()["results"]):
            # Each operation refused alone: only its answer is kept (for a retry), no data.
            assert stored(sqlite_server, with_log=False) == records_before, body[:300]

    push()
    session.close()
