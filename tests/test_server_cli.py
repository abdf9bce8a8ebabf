"""`ozg-desk-server`: tenants, tokens (shown once, stored as hash), releases, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ozg_desk.documents.templates import shipped_dir
from ozg_server.cli import main
from ozg_server.config import load_config
from ozg_server.db import schema
from ozg_server.db.database import make_engine
from ozg_server.services.accounts import authenticate, hash_token
from tests.helpers import small_catalogue_files


def test_admin_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OZG_SERVER_DATABASE_URL", raising=False)
    data = ["--data-dir", str(tmp_path / "server")]
    assert main([*data, "tenant", "add", "--ars", "130765668000", "--name", "Amt Crivitz"]) == 0
    assert main([*data, "tenant", "add", "--ars", "010010000000", "--name", "Kiel"]) == 2
    assert "Mecklenburg-Vorpommern" in capsys.readouterr().err
    assert main([*data, "token", "issue", "--tenant", "130765668000", "--device", "PC-1"]) == 0
    output = capsys.readouterr()
    token = output.out.strip()
    assert token.startswith("ozgd_") and len(token) >= 40
    assert "nur dieses eine Mal" in output.err
    engine = make_engine(load_config(tmp_path / "server"))
    with engine.connect() as connection:
        stored = connection.execute(select(schema.token.c.token_hash)).scalars().all()
    assert stored == [hash_token(token)]  # only the hash is kept
    assert authenticate(engine, token) is not None
    revoke = ["token", "revoke", "--tenant", "130765668000", "--device", "PC-1", "--yes"]
    assert main([*data, *revoke]) == 0
    assert authenticate(engine, token) is None
    ozg, leika = small_catalogue_files(tmp_path)
    assert main([*data, "catalogue", "import", str(ozg), str(leika), "--stand", "2019-12"]) == 0
    assert "veröffentlicht: 3 OZG-Leistungen" in capsys.readouterr().out
    bad = tmp_path / "kaputt.csv"
    bad.write_bytes(b"\x00\x01binary")
    assert main([*data, "catalogue", "import", str(bad)]) == 2
    assert "keine CSV-Textdatei" in capsys.readouterr().err
    template = shipped_dir() / "golive_bestaetigung.toml"
    assert main([*data, "templates", "import", str(template)]) == 0
    assert "Vorlagen als Version" in capsys.readouterr().out
    assert main([*data, "templates", "withdraw"]) == 0
    assert "zurückgezogen" in capsys.readouterr().out
    assert main([*data, "templates", "import", str(bad)]) == 2
    assert "kein Name einer Vorlagendatei" in capsys.readouterr().err
    unknown = tmp_path / "avv.toml"
    unknown.write_text(
        "typ = 'avv'\ntitel = 'AVV'\nversion = 2\n[[abschnitt]]\nart = 'text'\n"
        "text = '{behoerde.iban}'\n",
        encoding="utf-8",
    )
    assert main([*data, "templates", "import", str(unknown)]) == 2
    assert "unbekannter Platzhalter „{behoerde.iban}“" in capsys.readouterr().err
    engine.dispose()


def test_revoking_matches_one_token_literally_and_shows_it_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OZG_SERVER_DATABASE_URL", raising=False)
    data = ["--data-dir", str(tmp_path / "server")]
    for ars, name in (("130765668000", "Amt Crivitz"), ("130715154000", "Amt Ludwigslust")):
        assert main([*data, "tenant", "add", "--ars", ars, "--name", name]) == 0
        for device in ("PC-1", "PC-2"):
            assert main([*data, "token", "issue", "--tenant", ars, "--device", device]) == 0
    engine = make_engine(load_config(tmp_path / "server"))
    with engine.connect() as connection:
        ids = connection.execute(select(schema.token.c.id)).scalars().all()
    capsys.readouterr()

    def valid() -> int:
        with engine.connect() as connection:
            return len(
                connection.execute(
                    select(schema.token.c.id).where(schema.token.c.revoked_at.is_(None))
                ).all()
            )

    for wildcard in ("_", "%", "%%%%%%%%", "________", ids[0][:7]):
        assert main([*data, "token", "revoke", "--id", wildcard, "--yes"]) == 2
        assert "mindestens 8 Zeichen" in capsys.readouterr().err
    assert main([*data, "token", "revoke", "--id", "________-____", "--yes"]) == 2
    assert valid() == 4

    # Not confirmed (no terminal, no --yes): shown, nothing revoked.
    assert main([*data, "token", "revoke", "--id", ids[0][:8]]) == 2
    output = capsys.readouterr()
    assert ids[0] in output.out and "PC-" in output.out and "--yes" in output.err
    assert valid() == 4
    assert main([*data, "token", "revoke", "--id", ids[0].upper(), "--yes"]) == 0
    assert "1 Schlüssel gesperrt" in capsys.readouterr().out
    assert valid() == 3
    assert main([*data, "token", "revoke", "--id", ids[0], "--yes"]) == 0
    assert "nichts gesperrt" in capsys.readouterr().out
    engine.dispose()
