"""A hostile or broken client: versions the server never issued, forged history, text no
database can store, bad JSON, unbounded cursors. Each is refused with a reason and changes
nothing; the operations around it are not held up."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.behoerde import behoerde_id
from ozg_desk.store import queries
from ozg_server.db import schema
from ozg_server.services.accounts import issue_token
from tests.helpers.sync import AMT_A, LiveServer, amt_client, tenant_with_token

RECORD = anbindung_id(AMT_A, "10160")
CREATE = {"behoerde_id": behoerde_id(AMT_A), "ozg_id": "10160", "status": "offen"}


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}


def operation(kind: str = "update", **changes: Any) -> dict[str, Any]:
    op: dict[str, Any] = {
        "op_id": str(uuid.uuid4()),
        "entity": "anbindung",
        "entity_id": RECORD,
        "kind": kind,
        "fields": {},
        "author": "Test",
        "at": "2026-12-03T10:00:00+00:00",
    }
    return op | changes


def post(live_server: LiveServer, token: str, body: object, **params: str) -> requests.Response:
    return requests.post(
        f"{live_server.url}/api/v1/push",
        headers=headers(token),
        params=params,
        json=body,
        timeout=10,
    )


def results(live_server: LiveServer, token: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    answer = post(live_server, token, {"ops": list(ops)})
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["results"]
    return found


def server_state(live_server: LiveServer) -> list[tuple[Any, ...]]:
    with live_server.engine.connect() as connection:
        return [
            tuple(row)
            for table in (schema.record, schema.history, schema.conflict, schema.op_log)
            for row in connection.execute(select(table)).all()
        ]


def tracked(live_server: LiveServer, edits: int = 0) -> tuple[str, list[int]]:
    """Amt Crivitz tracks 10160, and `edits` more versions of it by the same device: the token
    and the versions the server issued for the record, oldest first."""
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    created = results(live_server, token, operation("create", fields=CREATE))[0]
    assert created["status"] == "applied"
    versions = [created["version"]]
    for number in range(edits):
        note = {"fields": {"notizen": f"Stand {number}"}, "base_version": versions[0]}
        answer = results(live_server, token, operation(**note))[0]
        assert answer["status"] == "applied"
        versions.append(answer["version"])
    return token, versions


def test_a_base_version_the_server_never_issued_is_refused(live_server: LiveServer) -> None:
    first, versions = tracked(live_server, edits=10)  # 11 versions of the record
    second = issue_token(live_server.engine, "behoerde", "pc-2", AMT_A)
    for base in (versions[0], versions[9]):
        stale = operation(base_version=base, fields={"notizen": "von PC 2"})
        assert results(live_server, second, stale)[0]["status"] == "conflict"
    before = server_state(live_server)
    beyond = versions[-1] + 1000
    invented = operation(base_version=beyond, fields={"notizen": "überschrieben"})
    answer = results(live_server, second, invented)[0]
    assert answer["status"] == "rejected"
    assert f"Basisversion {beyond}" in answer["reason"] and "nie vergeben" in answer["reason"]
    huge = post(live_server, second, {"ops": [operation(base_version=10**30, fields={})]})
    assert huge.status_code == 422 and "base_version" in huge.json()["error"]
    with live_server.engine.connect() as connection:
        fields = connection.execute(select(schema.record.c.fields)).scalar_one()
    assert fields["notizen"] == "Stand 9"  # the first PC's value stands
    assert len(server_state(live_server)) == len(before) + 1  # only the rejection was logged
    assert first


def test_a_land_token_cannot_forge_history_and_its_entries_say_land(
    live_server: LiveServer, tmp_path: Path
) -> None:
    amt = amt_client(live_server, tmp_path, "Amt")
    record = amt.repository.create_anbindung("10160").created[0].entity_id
    amt.sync()
    land = issue_token(live_server.engine, "land", "Land MV")
    forged = operation(
        entity_id=record,
        base_version=1,
        fields={"nachweis_notiz": "geprüft"},
        history=[
            {"id": str(uuid.uuid4()), "field": "status", "old": "online", "new": "offen"},
            {"id": str(uuid.uuid4()), "field": "nachweis_notiz", "old": None, "new": "geprüft"},
        ],
        author="K. Brandt (Amt)",
    )
    answer = post(live_server, land, {"ops": [forged]}, tenant=AMT_A).json()["results"][0]
    assert answer["status"] == "rejected" and "„status“" in answer["reason"]
    other_value = forged | {"op_id": str(uuid.uuid4())}
    other_value["history"] = [forged["history"][1] | {"new": "etwas anderes"}]
    answer = post(live_server, land, {"ops": [other_value]}, tenant=AMT_A).json()["results"][0]
    assert answer["status"] == "rejected" and "anderen Wert" in answer["reason"]

    version = requests.get(
        f"{live_server.url}/api/v1/changes",
        headers=headers(land),
        params={"tenant": AMT_A},
        timeout=10,
    ).json()["changes"]
    base = next(item["version"] for item in version if item.get("entity_id") == record)
    honest = forged | {"op_id": str(uuid.uuid4()), "history": forged["history"][1:]}
    honest["base_version"] = base
    honest["history"] = [honest["history"][0] | {"old": "von Hand erfunden"}]
    answer = post(live_server, land, {"ops": [honest]}, tenant=AMT_A).json()["results"][0]
    assert answer["status"] == "applied"
    amt.sync()
    with amt.session.store.read() as connection:
        history = queries.history(connection, record)
    changed = [entry for entry in history if entry.field != "_angelegt"]
    assert [(entry.field, entry.old, entry.new) for entry in changed] == [
        ("nachweis_notiz", None, "geprüft")  # the old value is the server's, not the sender's
    ]
    assert changed[0].shown_author == "K. Brandt (Amt) · Land"
    with live_server.engine.connect() as connection:
        sent_by = connection.execute(
            select(schema.history.c.role, schema.history.c.device).where(
                schema.history.c.field == "nachweis_notiz"
            )
        ).one()
    assert tuple(sent_by) == ("land", "Land MV")
    amt.close()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"fields": {"notizen": "a\ud800b"}}, "Surrogat"),
        ({"fields": {"notizen": "a\x00b"}}, "NUL"),
        ({"author": "K\udc00B"}, "Surrogat"),
        (
            {
                "fields": {"notizen": "neu"},
                "history": [{"id": str(uuid.uuid4()), "field": "notizen", "old": "x\ud800"}],
            },
            "Surrogat",
        ),
        (
            {
                "fields": {"notizen": "neu"},
                "history": [
                    {"id": str(uuid.uuid4()), "field": "notizen", "old": [[1, [2]]], "new": "neu"}
                ],
            },
            "bisherige Wert",
        ),
        (
            {
                "fields": {"notizen": "neu"},
                "history": [{"id": str(uuid.uuid4()), "field": "notizen", "old": "a\x00"}],
            },
            "NUL",
        ),
        ({"fields": {"notizen": "  mit Leerzeichen  "}}, "keinen gültigen Wert"),
        ({"fields": {"zieltermin": "2025-02-31"}}, "kein gültiges Datum"),
    ],
)
def test_an_unstorable_or_invalid_value_refuses_its_operation_alone(
    sqlite_server: LiveServer, changes: dict[str, Any], reason: str
) -> None:
    token, versions = tracked(sqlite_server)
    bad = operation(base_version=versions[0], **changes)
    good = operation(base_version=versions[0], fields={"verantwortlich": "Ordnungsamt"})
    # ensure_ascii keeps lone surrogates as \\u escapes: valid JSON text, invalid Unicode.
    body = json.dumps({"ops": [bad, good]}).encode()
    answer = requests.post(
        f"{sqlite_server.url}/api/v1/push",
        headers={**headers(token), "Content-Type": "application/json"},
        data=body,
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["results"]
    assert first["status"] == "rejected" and reason in first["reason"], first
    assert second["status"] == "applied"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"ops": [{"fields": {"fallzahl": NaN}}]}', "kein gültiges JSON"),
        (b'{"ops": [{"fields": {"fallzahl": Infinity}}]}', "kein gültiges JSON"),
        (b'{"ops": [{"fields": {"fallzahl": 1e400}}]}', "kein gültiges JSON"),
        ('{"ops": []}'.encode("utf-16"), "UTF-8"),
        (b'{"ops": "\xff"}', "UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "verschachtelt"),
        (b'{"ops": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "verschachtelt"),
    ],
)
def test_json_is_parsed_strictly(live_server: LiveServer, body: bytes, reason: str) -> None:
    token, _versions = tracked(live_server)
    before = server_state(live_server)
    for path, params in (
        ("/api/v1/push", {}),
        ("/api/v1/remarks", {"tenant": AMT_A}),
        ("/api/v1/releases/catalogue", {}),
    ):
        caller = token if path == "/api/v1/push" else issue_token(live_server.engine, "land", "L")
        answer = requests.post(
            live_server.url + path,
            headers={**headers(caller), "Content-Type": "application/json"},
            params=params,
            data=body,
            timeout=10,
        )
        assert answer.status_code == 400, (path, answer.text)
        assert reason in answer.json()["error"]
    assert server_state(live_server) == before


def test_cursors_and_versions_are_bounded(sqlite_server: LiveServer) -> None:
    token, _versions = tracked(sqlite_server)
    for path, params in (
        ("/api/v1/changes", {"since": str(2**63)}),
        ("/api/v1/changes", {"since": str(10**30)}),
        ("/api/v1/changes", {"seen": str(2**63)}),
        ("/api/v1/changes", {"since": "-1"}),
        ("/api/v1/releases/catalogue", {"after": str(2**63)}),
    ):
        answer = requests.get(
            sqlite_server.url + path, headers=headers(token), params=params, timeout=10
        )
        assert answer.status_code == 422, (path, params, answer.text)
        assert "zu groß" in answer.json()["error"] or "zu klein" in answer.json()["error"]
    pushed = post(sqlite_server, token, {"ops": [operation()], "seen": 2**63})
    assert pushed.status_code == 422


def test_options_and_wrong_methods_name_every_allowed_method(sqlite_server: LiveServer) -> None:
    token, _versions = tracked(sqlite_server)
    for method, path, status, allowed in (
        ("OPTIONS", "/api/v1/releases/catalogue", 204, "GET, OPTIONS, POST"),
        ("PUT", "/api/v1/releases/catalogue", 405, "GET, OPTIONS, POST"),
        ("OPTIONS", "/api/v1/push", 204, "OPTIONS, POST"),
        ("GET", "/api/v1/push", 405, "OPTIONS, POST"),
        ("DELETE", "/api/v1/changes", 405, "GET, OPTIONS"),
    ):
        answer = requests.request(
            method, sqlite_server.url + path, headers=headers(token), timeout=10
        )
        assert answer.status_code == status, (method, path, answer.text)
        assert answer.headers["Allow"] == allowed, (method, path)


@pytest.mark.expected_log("ozg_server.services.epochs")
def test_an_implausible_position_is_refused_without_using_up_the_numbers(
    sqlite_server: LiveServer,
) -> None:
    token, versions = tracked(sqlite_server)

    def position(seen: int) -> requests.Response:
        return requests.get(
            f"{sqlite_server.url}/api/v1/changes",
            headers=headers(token),
            params={"seen": str(seen)},
            timeout=10,
        )

    for seen in (2**53 - 1, 2**52, versions[-1] + 10**12):  # numbers from the future
        answer = position(seen)
        assert answer.status_code == 409 and answer.json()["code"] == "history_lost"
        assert answer.json()["epoch_start"] == 0  # no new epoch for a position no history has
    assert position(versions[-1]).status_code == 200  # a number this history issued
    lost = position(versions[-1] - 1)  # not issued here: from a history the server lost
    assert lost.status_code == 409 and lost.json()["epoch_start"] > versions[-1]


def test_two_history_entries_with_one_id_are_refused_not_a_server_error(
    live_server: LiveServer,
) -> None:
    token, versions = tracked(live_server)
    entry = "6f1d3c9e-0000-4000-8000-000000000001"
    op = operation(
        fields={"notizen": "a", "verantwortlich": "b"},
        base_version=versions[0],
        history=[
            {"id": entry, "field": "notizen", "old": None, "new": "a"},
            {"id": entry, "field": "verantwortlich", "old": None, "new": "b"},
        ],
    )
    answer = results(live_server, token, op)[0]
    assert answer["status"] == "rejected" and "dieselbe Kennung" in answer["reason"]


def test_one_key_with_two_contents_in_one_request_is_refused_before_anything_is_applied(
    live_server: LiveServer,
) -> None:
    token, versions = tracked(live_server)
    before = server_state(live_server)
    first = operation(fields={"notizen": "eins"}, base_version=versions[0])
    second = {**first, "fields": {"notizen": "zwei"}}
    answer = post(live_server, token, {"ops": [first, second]})
    assert answer.status_code == 422 and "anderem Inhalt" in answer.json()["error"]
    assert server_state(live_server) == before
    twice = post(live_server, token, {"ops": [first, first]})  # the same content: one change
    assert [item["status"] for item in twice.json()["results"]] == ["applied", "applied"]
    assert len({item["version"] for item in twice.json()["results"]}) == 1
