"""Bad links and bad days: lost answers, server errors, a silent server, a revoked token."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from ozg_desk.sync.errors import AuthenticationFailed, Offline, ServerFailed
from ozg_desk.sync.transport import HttpTransport
from ozg_server.db import schema
from ozg_server.services.accounts import revoke_token
from tests.helpers import seed_catalogue
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.sync import AMT_A, FaultyTransport, LiveServer, make_client, tenant_with_token


def counts(live_server: LiveServer) -> tuple[int, int]:
    with live_server.engine.connect() as connection:
        records = connection.execute(select(func.count()).select_from(schema.record)).scalar()
        history = connection.execute(select(func.count()).select_from(schema.history)).scalar()
    return int(records or 0), int(history or 0)


def local_outbox(client: object) -> int:
    with client.session.store.read() as connection:  # type: ignore[attr-defined]
        return int(connection.execute("SELECT count(*) FROM outbox").fetchone()[0])


def set_up(live_server: LiveServer, tmp_path: Path, faulty: bool = True):  # type: ignore[no-untyped-def]
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    transport = FaultyTransport(HttpTransport(live_server.url, token, attempts=1))
    client = make_client(
        "Anna", tmp_path, live_server.url, token, transport=transport if faulty else None
    )
    seed_catalogue(client.session.store)
    client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    client.repository.create_anbindung("10160")
    return client, transport, token


def test_a_lost_answer_after_commit_creates_nothing_twice(
    live_server: LiveServer, tmp_path: Path
) -> None:
    client, transport, _ = set_up(live_server, tmp_path)
    pending = local_outbox(client)
    transport.plan = ["drop_response"]
    with pytest.raises(Offline):
        client.sync()
    committed = counts(live_server)
    assert committed[0] == 10  # Behörde, Anbindung, 8 checklist items reached the server
    assert local_outbox(client) == pending  # …but the client does not know it yet
    report = client.sync()
    assert report.pushed == pending and report.conflicts == 0
    assert counts(live_server) == committed  # the retry repeated nothing
    assert local_outbox(client) == 0


def test_a_duplicated_request_is_harmless(live_server: LiveServer, tmp_path: Path) -> None:
    client, transport, _ = set_up(live_server, tmp_path)
    transport.plan = ["duplicate"]
    report = client.sync()
    assert report.conflicts == 0 and report.rejected == []
    assert counts(live_server)[0] == 10


def test_a_server_error_before_commit_loses_nothing(
    live_server: LiveServer, tmp_path: Path
) -> None:
    client, transport, _ = set_up(live_server, tmp_path)
    pending = local_outbox(client)
    transport.plan = ["server_error"]
    with pytest.raises(ServerFailed):
        client.sync()
    assert counts(live_server) == (0, 0)
    assert local_outbox(client) == pending
    client.sync()
    assert counts(live_server)[0] == 10 and local_outbox(client) == 0


def test_a_server_that_never_answers_cannot_hold_the_round(
    live_server: LiveServer, tmp_path: Path
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    with FaultProxy(("127.0.0.1", live_server.port), black_hole=True) as proxy:
        transport = HttpTransport(proxy.url, token, connect_timeout=1, read_timeout=5, attempts=3)
        client = make_client(
            "Anna", tmp_path, proxy.url, token, transport=transport, round_seconds=2
        )
        seed_catalogue(client.session.store)
        client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
        pending = local_outbox(client)
        start = time.monotonic()
        with pytest.raises(Offline):
            client.sync()
        assert time.monotonic() - start < 4  # the 2 s deadline held (plus one read timeout)
        assert local_outbox(client) == pending
        transport.close()


def test_a_revoked_token_gets_a_clear_message_and_loses_nothing(
    live_server: LiveServer, tmp_path: Path
) -> None:
    client, _, _ = set_up(live_server, tmp_path, faulty=False)
    client.sync()
    record = client.repository.create_anbindung("10235").created[0].entity_id
    pending = local_outbox(client)
    assert revoke_token(live_server.engine, tenant=AMT_A, device="pc") == 1
    with pytest.raises(AuthenticationFailed, match="ungültig oder gesperrt"):
        client.sync()
    assert local_outbox(client) == pending
    with client.session.store.read() as connection:
        assert (
            connection.execute("SELECT count(*) FROM anbindung WHERE id = ?", (record,)).fetchone()[
                0
            ]
            == 1
        )


def test_the_same_key_with_another_payload_is_refused(live_server: LiveServer) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    headers = {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
    op = {
        "op_id": "6f1c3c9a-1d3e-4a4e-9a57-3a1f0e2b7c11",
        "entity": "behoerde",
        "entity_id": "00000000-0000-0000-0000-000000000000",
        "kind": "create",
        "fields": {},
        "author": "x",
        "at": "2026-11-23T10:00:00+00:00",
    }
    first = requests.post(
        f"{live_server.url}/api/v1/push", json={"ops": [op]}, headers=headers, timeout=10
    )
    again = requests.post(
        f"{live_server.url}/api/v1/push", json={"ops": [op]}, headers=headers, timeout=10
    )
    assert first.json()["results"] == again.json()["results"]  # the stored answer
    changed = {**op, "fields": {"name": "anders"}}
    refused = requests.post(
        f"{live_server.url}/api/v1/push", json={"ops": [changed]}, headers=headers, timeout=10
    )
    assert refused.status_code == 422
    assert "anderem Inhalt" in refused.json()["error"]
