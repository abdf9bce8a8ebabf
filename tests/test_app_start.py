"""The application starts headless, shows its window, and refuses what it must refuse."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from ozg_desk.app.paths import DataDir
from ozg_desk.store import open_store, queries

ROOT = Path(__file__).resolve().parent.parent


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "ozg_desk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        cwd=ROOT,
    )


def test_smoke_test_on_an_empty_data_dir_writes_a_screenshot(
    data_dir: DataDir, tmp_path: Path
) -> None:
    shot = tmp_path / "shot.png"
    result = run_app("--data-dir", str(data_dir.root), "--smoke-test", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (data_dir.logs / "ozg-desk.log").exists()
    store, migration = open_store(data_dir)
    store.close()
    assert migration.before == migration.after  # the smoke test migrated the new store


def test_demo_smoke_test_fills_a_realistic_amt(data_dir: DataDir, tmp_path: Path) -> None:
    result = run_app("--demo", "--data-dir", str(data_dir.root), "--smoke-test")
    assert result.returncode == 0, result.stderr
    store, _ = open_store(data_dir)
    try:
        with store.read() as connection:
            behoerde = queries.local_behoerde(connection)
            statuses = {row[0] for row in connection.execute("SELECT status FROM anbindung")}
            history = connection.execute("SELECT count(*) FROM history").fetchone()[0]
    finally:
        store.close()
    assert behoerde is not None and behoerde.name == "Amt Crivitz"
    assert behoerde.ars == "130765668000"
    assert any(g.name == "Banzkow" for g in behoerde.gemeinden)
    assert {"offen", "geplant", "online", "nicht_relevant", "zurueckgestellt"} <= statuses
    assert (history or 0) > 50
    second = run_app("--demo", "--data-dir", str(data_dir.root), "--smoke-test")
    assert second.returncode == 0  # opening the demo again keeps it as it is


def test_smoke_test_fails_with_the_reason_for_a_newer_database(data_dir: DataDir) -> None:
    store, _ = open_store(data_dir)
    store.close()
    connection = sqlite3.connect(data_dir.database)
    connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.commit()
    connection.close()
    result = run_app("--data-dir", str(data_dir.root), "--smoke-test")
    assert result.returncode == 2
    assert "neueren OZG-Desk-Version" in result.stderr
