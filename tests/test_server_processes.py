"""The server as real processes: killed with SIGKILL in the middle of a push and started again,
and two processes on one PostgreSQL database writing for the same Behörde at once."""

from __future__ import annotations

import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, func, select

from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.behoerde import behoerde_id
from ozg_desk.sync.errors import Offline
from ozg_desk.sync.transport import HttpTransport
from ozg_server.db import schema
from ozg_server.services.accounts import issue_token
from tests.helpers import seed_catalogue
from tests.helpers.server_process import ServerProcess
from tests.helpers.sync import AMT_A, empty_tables, make_client, server_engine, tenant_with_token

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL and /proc")
SERVICES = ("10124", "10160", "10235", "10237")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, str | None]]:
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    engine = server_engine(request.param, tmp_path / "server", url)
    empty_tables(engine)
    yield engine, url
    engine.dispose()


def applied_ops(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(schema.op_log)).scalar_one())


def test_a_server_killed_in_the_middle_of_a_push_loses_and_repeats_nothing(
    database: tuple[Engine, str | None], tmp_path: Path
) -> None:
    engine, url = database
    token = tenant_with_token(engine, AMT_A, "Amt Crivitz")
    server = ServerProcess(tmp_path / "server", url).start()
    anna = make_client("Anna", tmp_path, server.url, token)
    seed_catalogue(anna.session.store)
    anna.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    records = [anna.repository.create_anbindung(ozg).created[0].entity_id for ozg in SERVICES]
    for number in range(150):  # far more than one batch; each operation is one transaction
        anna.edit(records[number % 4], notizen=f"Notiz {number}")
    with anna.session.store.read() as connection:
        queued = connection.execute("SELECT count(*) FROM outbox").fetchone()[0]

    def kill_while_pushing() -> None:
        deadline = time.monotonic() + 20
        while applied_ops(engine) < 40 and time.monotonic() < deadline:
            time.sleep(0.002)
        server.kill()  # while the server is busy with the next operations of the batch

    killer = threading.Thread(target=kill_while_pushing)
    killer.start()
    with pytest.raises(Offline):
        anna.sync()
    killer.join()
    done_before = applied_ops(engine)
    assert 40 <= done_before < queued, "the kill must hit the middle of the push"

    server.start()  # same database, same port: the desktop simply tries again
    report = anna.sync()
    anna.sync()
    server.stop()
    assert report.rejected == [] and report.conflicts == 0
    assert applied_ops(engine) == queued  # every operation once, none twice
    with engine.connect() as connection:
        history = connection.execute(
            select(schema.history.c.id, schema.history.c.op_id).where(
                schema.history.c.field == "notizen"
            )
        ).all()
        fields = {row.id: row.fields for row in connection.execute(select(schema.record)).all()}
    assert len(history) == 150 and len({op for _id, op in history}) == 150
    for index, record in enumerate(records):
        last = max(number for number in range(150) if number % 4 == index)
        assert fields[record]["notizen"] == f"Notiz {last}"
    with anna.session.store.read() as connection:
        assert connection.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    anna.close()


def _push(url: str, token: str, op: dict[str, Any]) -> dict[str, Any]:
    answer = requests.post(
        f"{url}/api/v1/push",
        headers={"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"},
        json={"ops": [op]},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()["results"][0]
    return result


def test_two_server_processes_on_one_database_keep_the_feed_gap_free(
    postgres_url: str, tmp_path: Path
) -> None:
    engine = server_engine("postgresql", tmp_path / "server", postgres_url)
    empty_tables(engine)
    token = tenant_with_token(engine, AMT_A, "Amt Crivitz")
    other = issue_token(engine, "behoerde", "pc-2", AMT_A)
    first = ServerProcess(tmp_path / "one", postgres_url).start()
    second = ServerProcess(tmp_path / "two", postgres_url).start()
    own = behoerde_id(AMT_A)
    try:
        for ozg in SERVICES:
            creation = {
                "op_id": str(uuid.uuid4()),
                "entity": "anbindung",
                "entity_id": anbindung_id(AMT_A, ozg),
                "kind": "create",
                "fields": {"behoerde_id": own, "ozg_id": ozg, "status": "offen"},
                "author": "Anna",
                "at": "2026-12-03T10:00:00+00:00",
            }
            assert _push(first.url, token, creation)["status"] == "applied"

        def edit(number: int) -> dict[str, Any]:
            url, key = (first.url, token) if number % 2 else (second.url, other)
            op = {
                "op_id": str(uuid.uuid4()),
                "entity": "anbindung",
                "entity_id": anbindung_id(AMT_A, SERVICES[number % 4]),
                "kind": "update",
                "base_version": 1,
                "fields": {"fallzahl": number},
                "history": [
                    {"id": str(uuid.uuid4()), "field": "fallzahl", "old": None, "new": number}
                ],
                "author": "Anna",
                "at": "2026-12-03T10:00:00+00:00",
            }
            return _push(url, key, op)

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(edit, range(200)))
        versions = [answer["version"] for answer in answers]
        assert len(set(versions)) == len(versions) == 200  # unique across both processes

        transport = HttpTransport(second.url, token, attempts=1)
        paged: list[dict[str, Any]] = []
        cursor = 0
        while True:  # small pages, so that page boundaries fall everywhere
            page = transport.request(
                "GET",
                "/api/v1/changes",
                deadline=time.monotonic() + 30,
                params={"since": cursor, "limit": 7},
            ).data
            paged += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        transport.close()
    finally:
        first.stop()
        second.stop()
        engine.dispose()
    seqs = [item["seq"] for item in paged]
    assert seqs == sorted(seqs)
    history = {item["seq"] for item in paged if item["type"] == "history"}
    applied = {answer["version"] for answer in answers if answer["status"] == "applied"}
    assert applied <= history  # every applied change is in the feed: no page skipped one
    assert {answer["status"] for answer in answers} <= {"applied", "conflict"}
