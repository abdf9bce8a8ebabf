"""On PostgreSQL: eight writers with randomly delayed commits; a poller following the feed with
its cursor misses nothing (the sequence is allocated inside the writing transaction)."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from ozg_server.db import schema
from ozg_server.services import feed
from ozg_server.services.accounts import add_tenant
from ozg_server.services.ledger import tenant_transaction
from tests.helpers.sync import AMT_A, empty_tables, server_engine

WRITERS, PER_WRITER = 8, 12


@pytest.fixture
def engine(postgres_url: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty server database on PostgreSQL with one tenant; disposed even if a test fails."""
    created = server_engine("postgresql", tmp_path, postgres_url)
    empty_tables(created)
    add_tenant(created, AMT_A, "Amt Crivitz")
    yield created
    created.dispose()


def test_the_feed_never_skips_a_late_commit(engine: Engine) -> None:
    written: set[str] = set()
    lock = threading.Lock()
    done = threading.Event()

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(PER_WRITER):
            remark = str(uuid.uuid4())
            with tenant_transaction(engine, AMT_A) as tx:
                tx.connection.execute(
                    insert(schema.remark).values(
                        id=remark, tenant=AMT_A, seq=tx.seq, text="x", author="w", at="t"
                    )
                )
                time.sleep(rng.uniform(0, 0.03))  # commit late, while others wait or read
            with lock:
                written.add(remark)

    seen: list[str] = []

    def poller() -> None:
        cursor = 0
        while True:
            # Read before the page: if the writers were done then, this page saw every commit.
            writers_done = done.is_set()
            page = feed.changes(engine, AMT_A, cursor, limit=7)
            seen.extend(item["remark"]["id"] for item in page["changes"])
            cursor = page["cursor"]
            if writers_done and not page["changes"]:
                return
            time.sleep(0.002)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    reader = threading.Thread(target=poller)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert len(written) == WRITERS * PER_WRITER
    assert sorted(seen) == sorted(written)  # every change exactly once, none skipped


@pytest.mark.parametrize("limit", [1, 3, 500])
def test_pages_never_split_one_transaction(engine: Engine, limit: int) -> None:
    for size in (1, 5, 2):
        with tenant_transaction(engine, AMT_A) as tx:
            for _ in range(size):
                tx.connection.execute(
                    insert(schema.remark).values(
                        id=str(uuid.uuid4()), tenant=AMT_A, seq=tx.seq, text="x", author="w", at="t"
                    )
                )
    cursor, pages = 0, []
    while True:
        page = feed.changes(engine, AMT_A, cursor, limit=limit)
        if not page["changes"]:
            break
        pages.append([item["seq"] for item in page["changes"]])
        cursor = page["cursor"]
    assert sum(len(page) for page in pages) == 8
    sequences = [seq for page in pages for seq in set(page)]
    assert len(sequences) == len(set(sequences))  # no seq appears on two pages


def test_a_record_and_its_history_always_arrive_together(engine: Engine) -> None:
    """Writers commit a record and its history in one transaction while a poller follows the
    feed; every record the poller's cursor passes must have been delivered."""
    created: set[str] = set()
    lock, done = threading.Lock(), threading.Event()

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(PER_WRITER):
            record = str(uuid.uuid4())
            with tenant_transaction(engine, AMT_A) as tx:
                tx.connection.execute(
                    insert(schema.history).values(
                        id=str(uuid.uuid4()),
                        tenant=AMT_A,
                        seq=tx.seq,
                        entity="anbindung",
                        entity_id=record,
                        field="status",
                        author="w",
                        at="t",
                    )
                )
                time.sleep(rng.uniform(0, 0.01))
                tx.connection.execute(
                    insert(schema.record).values(
                        tenant=AMT_A,
                        id=record,
                        entity="anbindung",
                        seq=tx.seq,
                        deleted=False,
                        fields={},
                        field_meta={},
                    )
                )
                time.sleep(rng.uniform(0, 0.01))
            with lock:
                created.add(record)

    records: set[str] = set()

    def poller() -> None:
        cursor = 0
        while True:
            writers_done = done.is_set()  # before the page, as above
            page = feed.changes(engine, AMT_A, cursor, limit=5)
            records.update(
                item["entity_id"] for item in page["changes"] if item["type"] == "record"
            )
            cursor = page["cursor"]
            if writers_done and not page["changes"]:
                return
            time.sleep(0.001)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    reader = threading.Thread(target=poller)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join(timeout=30)
    assert records == created
