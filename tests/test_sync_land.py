"""The Land: reads every Behörde, may change only the central fields, adds remarks."""

from __future__ import annotations

from pathlib import Path

import requests

from ozg_desk.sync.inbox import remarks
from ozg_server.services.accounts import issue_token
from tests.helpers.sync import AMT_A, LiveServer, amt_client


def test_land_reads_edits_central_fields_and_remarks(
    live_server: LiveServer, tmp_path: Path
) -> None:
    amt = amt_client(live_server, tmp_path, "Amt")
    record = amt.repository.create_anbindung("10160").created[0].entity_id
    amt.sync()
    land = {
        "Authorization": f"Bearer {issue_token(live_server.engine, 'land', 'Land MV')}",
        "OZG-Desk-Protocol": "1",
    }
    url = live_server.url

    feed = requests.get(
        f"{url}/api/v1/changes", params={"tenant": AMT_A}, headers=land, timeout=10
    ).json()
    version = next(
        item["version"]
        for item in feed["changes"]
        if item["type"] == "record" and item["entity_id"] == record
    )
    tenants = requests.get(f"{url}/api/v1/tenants", headers=land, timeout=10).json()
    assert tenants["tenants"] == [{"ars": AMT_A, "name": "Amt Crivitz"}]

    def push(fields: dict[str, object], op_id: str) -> dict[str, object]:
        op = {
            "op_id": op_id,
            "entity": "anbindung",
            "entity_id": record,
            "kind": "update",
            "base_version": version,
            "fields": fields,
            "author": "Land MV",
            "at": "2026-11-23T12:00:00+00:00",
        }
        return requests.post(
            f"{url}/api/v1/push",
            params={"tenant": AMT_A},
            json={"ops": [op]},
            headers=land,
            timeout=10,
        ).json()["results"][0]

    assert (
        push({"reifegrad": 3, "reifegrad_modell": "1"}, "5d2f0c3e-7b1a-4c9e-8f6d-0a1b2c3d4e5f")[
            "status"
        ]
        == "applied"
    )
    refused = push({"status": "online"}, "6d2f0c3e-7b1a-4c9e-8f6d-0a1b2c3d4e5f")
    assert refused["status"] == "rejected" and "zentralen Felder" in str(refused["reason"])
    answer = requests.post(
        f"{url}/api/v1/remarks",
        params={"tenant": AMT_A},
        json={"text": "Bitte Nachweis ergänzen.", "anbindung_id": record},
        headers=land,
        timeout=10,
    )
    assert answer.status_code == 200

    amt.sync()
    with amt.session.store.read() as connection:
        level = connection.execute(
            "SELECT reifegrad, status FROM anbindung WHERE id = ?", (record,)
        ).fetchone()
        notes = remarks(connection)
    assert (level["reifegrad"], level["status"]) == (3, "offen")
    assert [(note.author, note.text) for note in notes] == [("Land MV", "Bitte Nachweis ergänzen.")]
    amt.close()
