"""What the server refuses in a push: incomplete creations, made-up ids, moved records."""

from __future__ import annotations

import uuid
from typing import Any

import requests
from sqlalchemy import select

from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.behoerde import behoerde_id
from ozg_server.db import schema
from ozg_server.services.accounts import issue_token
from tests.helpers.sync import AMT_A, LiveServer, tenant_with_token


def push(
    live_server: LiveServer, token: str, *ops: dict[str, Any], device_id: str | None = None
) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
    body: dict[str, Any] = {"ops": list(ops)}
    if device_id:
        body["device_id"] = device_id
    answer = requests.post(f"{live_server.url}/api/v1/push", headers=headers, json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def creation(entity_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "entity": "anbindung",
        "entity_id": entity_id,
        "kind": "create",
        "base_version": 0,
        "fields": fields,
        "author": "test",
        "at": "2026-11-23T10:00:00Z",
    }


def test_creations_must_be_complete_and_carry_the_derived_id(live_server: LiveServer) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    own = behoerde_id(AMT_A)
    complete = {"behoerde_id": own, "ozg_id": "10160", "status": "offen"}
    right_id = anbindung_id(AMT_A, "10160")

    missing_service = push(live_server, token, creation(right_id, behoerde_id=own))
    assert missing_service[0]["status"] == "rejected"
    assert "unvollständig" in missing_service[0]["reason"]

    # A second, randomly named record for the same service would be tracked twice.
    made_up = push(live_server, token, creation(str(uuid.uuid4()), **complete))
    assert made_up[0]["status"] == "rejected"
    assert "Kennung" in made_up[0]["reason"]

    accepted = push(live_server, token, creation(right_id, **complete))
    assert accepted[0]["status"] == "applied"

    move = creation(right_id, ozg_id="10235") | {"kind": "update", "base_version": 1}
    moved = push(live_server, token, move)
    assert moved[0]["status"] == "rejected"
    assert "Zuordnung" in moved[0]["reason"]


def test_a_device_cannot_pass_off_its_changes_as_another_devices(live_server: LiveServer) -> None:
    anna = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz", "pc-anna")
    bob = issue_token(live_server.engine, "behoerde", "pc-bob", AMT_A)
    record = anbindung_id(AMT_A, "10160")
    complete = {"behoerde_id": behoerde_id(AMT_A), "ozg_id": "10160", "status": "offen"}
    push(live_server, anna, creation(record, **complete), device_id="anna-device")
    owner = creation(record, verantwortlich="Anna Arndt") | {"kind": "update", "base_version": 1}
    push(live_server, anna, owner, device_id="anna-device")

    # Bob has not seen Anna's change and claims to be her device: still a conflict, no overwrite.
    stale = creation(record, verantwortlich="Bob Berger") | {"kind": "update", "base_version": 1}
    answer = push(live_server, bob, stale, device_id="anna-device")

    assert [item["field"] for item in answer[0]["conflicts"]] == ["verantwortlich"]
    with live_server.engine.connect() as connection:
        fields = connection.execute(select(schema.record.c.fields)).scalar_one()
    assert fields["verantwortlich"] == "Anna Arndt"


def test_a_malformed_operation_is_named_alone_and_the_longest_edit_passes(
    live_server: LiveServer,
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    record = anbindung_id(AMT_A, "10160")
    complete = {"behoerde_id": behoerde_id(AMT_A), "ozg_id": "10160", "status": "offen"}
    malformed = creation(str(uuid.uuid4()), status="offen") | {"kind": "explodieren"}
    valid = creation(record, **complete)
    headers = {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
    refused = requests.post(
        f"{live_server.url}/api/v1/push",
        headers=headers,
        json={"ops": [malformed, valid]},
        timeout=10,
    )
    # The contract refuses the request and names the operation at fault, so that the client
    # sets it aside and sends the others again; nothing of the request was applied.
    assert refused.status_code == 422
    named = refused.json()["rejected"]
    assert [item["op_id"] for item in named] == [malformed["op_id"]]
    assert "Ungültige Operation" in named[0]["reason"] and "kind" in named[0]["reason"]
    with live_server.engine.connect() as connection:
        assert connection.execute(select(schema.record.c.id)).first() is None
    assert [result["status"] for result in push(live_server, token, valid)] == ["applied"]

    # Every text field at its longest, each also as old and new value in the history.
    longest = {"notizen": "ä" * 20_000, "nachweis_notiz": "ö" * 2_000}
    longest["status_begruendung"] = "ü" * 2_000
    history = [
        {"id": str(uuid.uuid4()), "field": name, "old": "ß" * len(value), "new": value}
        for name, value in longest.items()
    ]
    edit = creation(record, **longest) | {"kind": "update", "base_version": 1, "history": history}
    assert push(live_server, token, edit)[0]["status"] == "applied"


def test_a_body_in_another_protocol_version_is_refused(live_server: LiveServer) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    headers = {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
    record = anbindung_id(AMT_A, "10160")
    complete = {"behoerde_id": behoerde_id(AMT_A), "ozg_id": "10160", "status": "offen"}
    answer = requests.post(
        f"{live_server.url}/api/v1/push",
        headers=headers,
        json={"protocol": 2, "ops": [creation(record, **complete)]},
        timeout=10,
    )
    assert answer.status_code == 426
    assert "Protokollversion" in answer.json()["error"]
    with live_server.engine.connect() as connection:
        assert connection.execute(select(schema.record.c.id)).first() is None


def test_a_decision_settles_only_conflicts_of_its_own_record(live_server: LiveServer) -> None:
    anna = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz", "pc-anna")
    bob = issue_token(live_server.engine, "behoerde", "pc-bob", AMT_A)
    complete = {"behoerde_id": behoerde_id(AMT_A), "status": "offen"}
    hund, sterbe = anbindung_id(AMT_A, "10160"), anbindung_id(AMT_A, "10235")
    created = push(live_server, anna, creation(hund, ozg_id="10160", **complete))[0]["version"]
    push(live_server, anna, creation(sterbe, ozg_id="10235", **complete))
    update = {"kind": "update", "base_version": created}
    current = push(live_server, anna, creation(hund, verantwortlich="Anna") | update)[0]
    met = push(live_server, bob, creation(hund, verantwortlich="Bob") | update)
    conflict_id = met[0]["conflicts"][0]["id"]

    # A decision about another record names the conflict: it stays open.
    elsewhere = creation(sterbe, notizen="x") | update | {"resolves": [conflict_id]}
    assert push(live_server, bob, elsewhere)[0]["status"] == "applied"
    with live_server.engine.connect() as connection:
        state = connection.execute(select(schema.conflict.c.state)).scalar_one()
    assert state == "open"

    decided = creation(hund, verantwortlich="Bob") | {
        "kind": "update",
        "base_version": current["version"],  # the decision is based on what it decides about
    }
    push(live_server, bob, decided | {"resolves": [conflict_id]})
    with live_server.engine.connect() as connection:
        state = connection.execute(select(schema.conflict.c.state)).scalar_one()
    assert state == "resolved"
