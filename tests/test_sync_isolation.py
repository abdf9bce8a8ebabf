"""Tenant isolation: with Behörde A's token and Behörde B's ids, nothing is read or written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from ozg_server.db import schema
from tests.helpers import seed_catalogue
from tests.helpers.sync import AMT_A, AMT_B, LiveServer, make_client, tenant_with_token

# Every endpoint of the API; a new endpoint fails this test until it is covered below.
COVERED = {
    "/api/v1/status",
    "/api/v1/whoami",
    "/api/v1/push",
    "/api/v1/changes",
    "/api/v1/releases/{kind}",  # GET for every kind, POST for the catalogue
    "/api/v1/remarks",
    "/api/v1/tenants",
}


def server_state(live_server: LiveServer, tenant: str) -> list[Any]:
    state = []
    with live_server.engine.connect() as connection:
        for table in (schema.record, schema.history, schema.conflict, schema.remark):
            rows = connection.execute(select(table).where(table.c.tenant == tenant))
            state.append(sorted(repr(tuple(row)) for row in rows))
    return state


def test_a_token_of_one_behoerde_reaches_nothing_of_another(
    live_server: LiveServer, tmp_path: Path
) -> None:
    token_a = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz", "pc-a")
    token_b = tenant_with_token(live_server.engine, AMT_B, "Amt Anderswo", "pc-b")
    b = make_client("B", tmp_path, live_server.url, token_b)
    seed_catalogue(b.session.store)
    b.repository.save_profile({"ars": AMT_B, "typ": "amt", "name": "Amt Anderswo"})
    b_record = b.repository.create_anbindung("10160").created[0].entity_id
    b.sync()
    with b.session.store.read() as connection:
        b_behoerde = connection.execute("SELECT id FROM behoerde").fetchone()[0]
    before = server_state(live_server, AMT_B)
    assert before[0], "B must have data on the server for this test to mean anything"

    url = live_server.url
    a = {"Authorization": f"Bearer {token_a}", "OZG-Desk-Protocol": "1"}
    spec = requests.get(f"{url}/openapi.json", timeout=10).json()
    assert set(spec["paths"]) == COVERED

    def get(path: str, **params: object) -> requests.Response:
        return requests.get(url + path, headers=a, params=params, timeout=10)

    def post(path: str, body: dict[str, Any], **params: object) -> requests.Response:
        return requests.post(url + path, headers=a, params=params, json=body, timeout=10)

    edit_b = {
        "op_id": "0b5b4a8e-8f0a-4c5e-9f4e-1d2c3b4a5f60",
        "entity": "anbindung",
        "entity_id": b_record,
        "kind": "update",
        "base_version": 1,
        "fields": {"status": "online"},
        "author": "A",
        "at": "2026-11-23T10:00:00Z",
    }
    create_in_b = {
        **edit_b,
        "op_id": "1b5b4a8e-8f0a-4c5e-9f4e-1d2c3b4a5f61",
        "kind": "create",
        "fields": {
            "behoerde_id": b_behoerde,
            "ozg_id": "10235",
            "status": "offen",
            "kanal_details": {},
            "alle_gemeinden": True,
            "gemeinden": [],
        },
        "entity_id": "2c6c5b9f-9a1b-4d6f-8a5f-2e3d4c5b6a71",
    }
    assert get("/api/v1/status").status_code == 200
    assert get("/api/v1/whoami").json()["tenant"] == AMT_A
    assert get("/api/v1/changes", tenant=AMT_B).status_code == 404
    assert get("/api/v1/changes").json()["changes"] == []  # nothing of B in A's feed
    assert post("/api/v1/push", {"ops": [edit_b]}, tenant=AMT_B).status_code == 404
    results = post("/api/v1/push", {"ops": [edit_b, create_in_b]}).json()["results"]
    assert [result["status"] for result in results] == ["rejected", "rejected"]
    assert post("/api/v1/remarks", {"text": "x"}, tenant=AMT_B).status_code in (403, 404)
    assert post("/api/v1/remarks", {"text": "x"}).status_code == 403
    assert get("/api/v1/tenants").status_code == 403
    assert post("/api/v1/releases/catalogue", {"release": {}}).status_code == 403
    assert get("/api/v1/releases/catalogue").status_code == 200  # public reference data
    assert server_state(live_server, AMT_B) == before
    b.close()
