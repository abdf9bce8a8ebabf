"""A server with one fully tracked Amt, for the sync benchmarks (built once per run)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from benchmarks.common import ROOT, WORK
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.reference_data import OZG_FILES, reference_dir
from ozg_desk.app.session import open_session
from ozg_desk.importers.catalogue import import_catalogue, parse_catalogue
from ozg_desk.sync.engine import SyncEngine
from ozg_desk.sync.transport import HttpTransport
from ozg_server.config import load_config
from ozg_server.db.database import make_engine
from ozg_server.db.migrate import upgrade
from ozg_server.services import releases
from ozg_server.services.accounts import add_tenant, issue_token

AMT = "130765668000"


@dataclass
class Prepared:
    url: str
    token: str
    port: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server_process(
    data_dir: Path,
    database_url: str | None = None,
    workers: int = 1,
    factory: str = "benchmarks.sync_setup:app",
) -> Iterator[str]:
    """`ozg-desk-server run` (or another app `factory`) in its own process, as in production,
    on a free port."""
    port = free_port()
    env = dict(os.environ)
    if database_url:
        env["OZG_SERVER_DATABASE_URL"] = database_url
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-server-header",
        "--no-date-header",
        "--workers",
        str(workers),
    ]
    env["OZG_BENCH_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/api/v1/status", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def app() -> object:
    """Factory for uvicorn (the server's own app over the benchmark data directory)."""
    from ozg_server.app import build_app  # noqa: PLC0415

    return build_app(load_config(Path(os.environ["OZG_BENCH_DATA_DIR"])))


def prepare_amt(folder: Path, database_url: str | None = None) -> str:
    """Server data: catalogue release and an Amt with one Anbindung per OZG-Leistung.

    Returns the token of the Amt; the data is pushed by a first client, as in real life.
    """
    reference = reference_dir()
    if reference is None:
        raise RuntimeError("Referenzdaten (resources/reference/) nicht gefunden")
    shutil.rmtree(folder, ignore_errors=True)
    engine = make_engine(load_config(folder / "server", database_url))
    upgrade(engine)
    add_tenant(engine, AMT, "Amt Crivitz")
    token = issue_token(engine, "behoerde", "erster PC", AMT)
    files = [reference / name for name in OZG_FILES]
    releases.publish(
        engine, "catalogue", parse_catalogue(files).release("2019-12"), "2019-12", "admin"
    )
    session = open_session(prepare_data_dir(folder / "first"))
    import_catalogue(session.store, files)
    repository = session.repository
    repository.save_profile({"ars": AMT, "typ": "amt", "name": "Amt Crivitz"})
    with session.store.read() as connection:
        ids = [row[0] for row in connection.execute("SELECT ozg_id FROM ozg_leistung")]
    for ozg_id in ids:
        repository.create_anbindung(ozg_id)
    engine.dispose()
    return token


def push_all(folder: Path, url: str, token: str) -> None:
    session = open_session(prepare_data_dir(folder / "first"))
    transport = HttpTransport(url, token)
    SyncEngine(session.store, transport, "erster-pc", round_seconds=600).run()
    transport.close()
    session.close()


__all__ = ["AMT", "WORK", "Prepared", "prepare_amt", "push_all", "server_process"]
