"""Shared fixtures: a fresh data directory and store per test, reference data, content dumps."""

from __future__ import annotations

import faulthandler
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never need a real screen; set before anything imports Qt.
if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ozg_desk.app.paths import DataDir, prepare_data_dir
from ozg_desk.app.reference_data import reference_dir
from ozg_desk.store import open_store
from ozg_desk.store.database import Store
from ozg_desk.store.repository import Repository
from tests.helpers import seed_catalogue
from tests.helpers.logfail import LogFailHandler, unexpected

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config: pytest.Config) -> None:
    """On a crash in native code, print only the crashing thread's stack (pytest's own
    faulthandler plugin is off, see pyproject.toml): CI keeps the head and tail of a long log,
    and with every thread printed the one that crashed was cut out of the middle."""
    faulthandler.enable(file=os.dup(2), all_threads=False)


def skip_or_fail(reason: str) -> None:
    """Skip with `reason` on a developer machine; fail in CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def fail_on_unexpected_log(request: pytest.FixtureRequest) -> Iterator[LogFailHandler]:
    """See tests/helpers/logfail.py: an unexpected WARNING or ERROR of ours fails the test."""
    handler = LogFailHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    found = unexpected(handler, list(request.node.iter_markers("expected_log")))
    if found:
        pytest.fail("unerwartet im Protokoll:\n" + "\n".join(found), pytrace=False)


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the application does (ozg_desk/ui/gc_guard.py), once a test has started Qt."""
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        from ozg_desk.ui import gc_guard

        app = QApplication.instance()
        if app is not None:
            gc_guard.install(app)
    yield
    if "PySide6.QtWidgets" in sys.modules:
        import gc

        from PySide6.QtCore import QCoreApplication, QEvent

        # pytest-qt closes a test's widgets with deleteLater, which only an event loop carries
        # out: without this, the next test's loop would delete them, long after their desk.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return prepare_data_dir(tmp_path / "data")


@pytest.fixture
def store(data_dir: DataDir) -> Iterator[Store]:
    opened, _ = open_store(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def repository(store: Store) -> Repository:
    """A repository for a small Amt with a few catalogue entries (no reference data needed)."""
    seed_catalogue(store)
    repo = Repository(store, "Test Koordinatorin")
    repo.save_behoerde({"ars": "130765668000", "typ": "amt", "name": "Amt Crivitz"})
    repo.set_gemeinden(
        [
            {"ars": "130765668005", "ags": "13076005", "name": "Banzkow"},
            {"ars": "130765668007", "ags": "13076007", "name": "Barnin"},
        ]
    )
    return repo


@pytest.fixture(scope="session")
def reference() -> Path:
    """The real reference data the program ships (`resources/reference/`)."""
    found = reference_dir()
    if found is None:
        skip_or_fail("reference data not found in resources/reference/ (OZG_DESK_REFERENCE_DATA)")
    assert found is not None
    return found


def content_dump(path: Path) -> list[str]:
    """The database's full content as SQL statements, for 'nothing changed' comparisons."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


# --- sync: a real server over SQLite and PostgreSQL -------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    from tests.helpers.sync import POSTGRES_URL, postgres_database, postgres_reachable

    if not postgres_reachable():
        skip_or_fail(
            f"PostgreSQL ist unter {POSTGRES_URL} nicht erreichbar (OZG_TEST_POSTGRES_URL setzen)"
        )
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """The server's database, once on SQLite and once on PostgreSQL (required in CI)."""
    from tests.helpers.sync import empty_tables, server_engine

    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    engine = server_engine(request.param, tmp_path / "server", url)
    empty_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def live_server(server_db: object) -> Iterator[object]:
    from tests.helpers.sync import LiveServer

    with LiveServer(server_db) as server:  # type: ignore[arg-type]
        yield server


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[object]:
    """Tests never touch the user's real keyring."""
    import keyring

    from tests.helpers.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[object]:
    """A real server on SQLite only, for client behaviour that does not depend on the database."""
    from tests.helpers.sync import LiveServer, server_engine

    engine = server_engine("sqlite", tmp_path / "server", None)
    with LiveServer(engine) as live:
        yield live
    engine.dispose()


# --- documents: the demo Amt to generate from ---------------------------------------------------


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo Amt, built once per test run; tests work on copies (`demo_session`)."""
    from tests.helpers.documents import build_demo_dir

    return build_demo_dir(tmp_path_factory.mktemp("demo") / "amt")
