"""`ozg-desk sync login|run|status` for scripted use (token only in the keyring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import open_session
from ozg_desk.cli.main import main
from ozg_server.services.accounts import revoke_token
from tests.helpers import seed_catalogue
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.sync import AMT_A, AMT_B, LiveServer, tenant_with_token


def test_login_run_status_and_revocation(
    live_server: LiveServer,
    data_dir: DataDir,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    session = open_session(data_dir)
    seed_catalogue(session.store)
    session.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    session.repository.create_anbindung("10160")
    session.close()
    token_file = tmp_path / "schluessel.txt"
    token_file.write_text(token + "\n", encoding="utf-8")
    root = str(data_dir.root)

    assert (
        main(
            [
                "--data-dir",
                root,
                "sync",
                "login",
                "--server",
                live_server.url,
                "--token-file",
                str(token_file),
            ]
        )
        == 0
    )
    assert "Amt Crivitz" in capsys.readouterr().out
    assert list(memory_keyring.passwords.values()) == [token]
    database = data_dir.database.read_bytes()
    assert token.encode() not in database  # never in the database …
    assert all(
        token not in path.read_text("utf-8", "ignore") for path in data_dir.logs.glob("*")
    )  # … nor in a log

    assert main(["--data-dir", root, "sync", "run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pushed"] == 10 and report["rejected"] == []
    assert main(["--data-dir", root, "sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["pending"], status["open_conflicts"]) == (0, 0)

    revoke_token(live_server.engine, tenant=AMT_A, device="pc")
    assert main(["--data-dir", root, "sync", "run", "--json"]) == 2
    assert "ungültig oder gesperrt" in json.loads(capsys.readouterr().out)["error"]


def test_a_token_of_another_behoerde_is_refused(
    live_server: LiveServer,
    data_dir: DataDir,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = tenant_with_token(live_server.engine, AMT_B, "Amt Anderswo")
    session = open_session(data_dir)
    session.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    session.close()
    token_file = tmp_path / "fremd.txt"
    token_file.write_text(other, encoding="utf-8")
    assert (
        main(
            [
                "--data-dir",
                str(data_dir.root),
                "sync",
                "login",
                "--server",
                live_server.url,
                "--token-file",
                str(token_file),
            ]
        )
        == 2
    )
    assert "gehört zu Amt Anderswo" in capsys.readouterr().err
    assert memory_keyring.passwords == {}


def login_args(data_dir: DataDir, server: str, token_file: Path) -> list[str]:
    root = str(data_dir.root)
    return [
        "--data-dir",
        root,
        "sync",
        "login",
        "--server",
        server,
        "--token-file",
        str(token_file),
    ]


@pytest.mark.parametrize(
    ("content", "accepted"),
    [
        ("\ufeff{token}\r\n", True),  # saved with Windows Notepad: byte order mark, CRLF
        ("Schlüssel: {token}", False),
        ("{token}\x00\x00", False),
    ],
)
def test_token_files_as_they_come(
    live_server: LiveServer,
    *,
    data_dir: DataDir,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    content: str,
    accepted: bool,
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    token_file = tmp_path / "schluessel.txt"
    token_file.write_text(content.format(token=token), encoding="utf-8")
    code = main(login_args(data_dir, live_server.url, token_file))
    assert (code == 0) is accepted
    assert list(memory_keyring.passwords.values()) == ([token] if accepted else [])
    if not accepted:
        assert "Zugangsschlüssel" in capsys.readouterr().err


def test_binary_garbage_as_token_file(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token_file = tmp_path / "bild.png"
    token_file.write_bytes(bytes(range(256)) * 100)
    code = main(login_args(data_dir, "https://ozg.example", token_file))
    assert code != 0
    assert "enthält keinen Zugangsschlüssel" in capsys.readouterr().err
