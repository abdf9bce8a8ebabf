"""server_load: 120 Behörden syncing at once against PostgreSQL on this machine.

All 120 are active at the same time: each runs a round (push one status change, pull its feed)
every PERIOD seconds with random jitter, ROUNDS times — 150 times more often than the desktop's
five-minute timer. The server runs as in production (uvicorn, two workers, PostgreSQL); the load
generator shares the machine. Reports p99 (and p50) of the request latency; target p99 ≤ 200 ms.
The floor: the same load generator against a minimal FastAPI app doing one PostgreSQL
transaction per request (floor_server.py), measured in the same run; the ratio is p99 / p99.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
import uuid
from typing import Any

import psycopg
import requests

from benchmarks import floor_server
from benchmarks.common import WORK, Result
from benchmarks.sync_setup import server_process
from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.behoerde import behoerde_id
from ozg_server.config import load_config
from ozg_server.db.database import make_engine
from ozg_server.db.migrate import upgrade
from ozg_server.services.accounts import add_tenant, issue_token

TARGET_MS = 200.0
BEHOERDEN, ROUNDS, PERIOD = 120, 5, 2.0
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
SERVICES = ("10124", "10160", "10235", "10237", "10019")


def _op(
    entity: str, entity_id: str, kind: str, fields: dict[str, Any], base: int | None = None
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "op_id": str(uuid.uuid4()),
        "entity": entity,
        "entity_id": entity_id,
        "kind": kind,
        "fields": fields,
        "history": [],
        "author": "Last",
        "at": "2026-11-23T10:00:00+00:00",
    }
    if base is not None:
        op["base_version"] = base
    return op


def _initial_ops(ars: str) -> list[dict[str, Any]]:
    own = behoerde_id(ars)
    ops = [_op("behoerde", own, "create", {"ars": ars, "typ": "amt", "name": f"Amt {ars}"})]
    for ozg_id in SERVICES:
        ops.append(
            _op(
                "anbindung",
                anbindung_id(ars, ozg_id),
                "create",
                {
                    "behoerde_id": own,
                    "ozg_id": ozg_id,
                    "status": "offen",
                    "kanal_details": {},
                    "alle_gemeinden": True,
                    "gemeinden": [],
                    "reifegrad_modell": "1",
                },
            )
        )
    return ops


def run() -> Result:
    name = f"ozg_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = "postgresql+psycopg://" + POSTGRES.split("://", 1)[1].rsplit("/", 1)[0] + "/" + name
    try:
        return _measure(url)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _measure(database_url: str) -> Result:
    folder = WORK / "server_load"
    engine = make_engine(load_config(folder, database_url))
    upgrade(engine)
    tokens = {}
    for number in range(BEHOERDEN):
        ars = f"130765{number:03d}000"
        add_tenant(engine, ars, f"Amt {number}")
        tokens[ars] = issue_token(engine, "behoerde", "pc", ars)
    engine.dispose()
    with server_process(folder, database_url, workers=2) as base_url:
        for ars, token in tokens.items():
            requests.post(
                f"{base_url}/api/v1/push",
                json={"ops": _initial_ops(ars)},
                headers=_headers(token),
                timeout=30,
            ).raise_for_status()
        served = _load(base_url, tokens)
    # The floor: the same load generator against a minimal app (its token names the tenant).
    floor_server.prepare(database_url, list(tokens))
    factory = "benchmarks.floor_server:app"
    with server_process(folder, database_url, workers=2, factory=factory) as base_url:
        floor = _load(base_url, {ars: ars for ars in tokens})
    p50, p99 = _percentiles(served)
    floor_p50, floor_p99 = _percentiles(floor)
    return Result(
        "server_load",
        round(p99, 1),
        "ms",
        TARGET_MS,
        baseline=round(floor_p99, 1),
        ratio=round(p99 / floor_p99, 2),
        note=f"p99 über {len(served)} Anfragen (p50 {p50:.1f} ms); Vergleich: minimale "
        f"FastAPI-App mit einer PostgreSQL-Transaktion je Anfrage unter derselben Last "
        f"(p50 {floor_p50:.1f} ms); {BEHOERDEN} Behörden gleichzeitig aktiv, je eine Runde "
        f"alle {PERIOD:g} s; PostgreSQL, 2 Worker, Lastgenerator auf demselben Rechner",
    )


def _load(base_url: str, tokens: dict[str, str]) -> list[float]:
    """Every Behörde's rounds at once; the latency of each request in seconds."""
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(tokens))

    def behoerde(ars: str, token: str, seed: int) -> None:
        rng = random.Random(seed)
        session = requests.Session()
        session.headers.update(_headers(token))
        cursor, own = 0, []
        start.wait()
        began_all = time.perf_counter()
        for round_number in range(ROUNDS):
            slot = began_all + round_number * PERIOD + rng.uniform(0, PERIOD)
            time.sleep(max(0.0, slot - time.perf_counter()))
            status = "unterlagen" if round_number % 2 == 0 else "offen"
            record = anbindung_id(ars, SERVICES[round_number % len(SERVICES)])
            op = _op("anbindung", record, "update", {"status": status})
            began = time.perf_counter()
            session.post(
                f"{base_url}/api/v1/push", json={"ops": [op]}, timeout=30
            ).raise_for_status()
            middle = time.perf_counter()
            reply = session.get(
                f"{base_url}/api/v1/changes",
                params={"since": cursor, "limit": 2000},
                timeout=30,
            )
            reply.raise_for_status()
            done = time.perf_counter()
            cursor = reply.json()["cursor"]
            own += [middle - began, done - middle]
        with lock:
            latencies.extend(own)

    threads = [
        threading.Thread(target=behoerde, args=(ars, token, number))
        for number, (ars, token) in enumerate(tokens.items())
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    milliseconds = sorted(latency * 1000 for latency in latencies)
    return statistics.median(milliseconds), milliseconds[int(len(milliseconds) * 0.99) - 1]


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
