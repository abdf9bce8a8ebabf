"""A broken or hostile server: every bad answer gets a clear message and changes nothing locally."""

from __future__ import annotations

import gzip
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ozg_desk.documents.service import land_templates_of, templates_of
from ozg_desk.documents.templates import shipped_dir
from ozg_desk.store import meta
from ozg_desk.store.queries import meta_value
from ozg_desk.sync.errors import BadServerResponse, CertificateRejected, DeadlineExceeded
from ozg_desk.sync.https import proxy_for
from ozg_desk.sync.transport import HttpTransport
from ozg_server.services.accounts import issue_token
from ozg_server.services.publishing import publish_files
from ozg_server.services.remarks import add_remark
from tests.conftest import content_dump
from tests.helpers import seed_catalogue
from tests.helpers.connection_check_servers import (
    GOOD_TOKEN,
    ApiServer,
    client_context,
    issue,
    make_ca,
    running,
    server_context,
)
from tests.helpers.hostile_server import HostileServer, trickle
from tests.helpers.sync import (
    AMT_A,
    Client,
    LiveServer,
    make_client,
    tenant_with_token,
)


@pytest.fixture
def server(sqlite_server: LiveServer) -> LiveServer:
    return sqlite_server


@pytest.fixture
def hostile(server: LiveServer) -> Iterator[HostileServer]:
    with HostileServer(server.url) as proxy:
        yield proxy


def client_behind(
    hostile: HostileServer, server: LiveServer, tmp_path: Path, **options: Any
) -> Client:
    """A client with one synced Anbindung whose answers pass through the hostile server."""
    token = tenant_with_token(server.engine, AMT_A, "Amt Crivitz")
    transport = HttpTransport(hostile.url, token, attempts=1, **options)
    client = make_client("Anna", tmp_path, hostile.url, token, transport=transport)
    seed_catalogue(client.session.store)
    client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    client.repository.create_anbindung("10160")
    client.sync()
    return client


def anbindung_id(client: Client) -> str:
    with client.session.store.read() as connection:
        return str(connection.execute("SELECT id FROM anbindung").fetchone()[0])


def a_change_by_another_device(server: LiveServer, tmp_path: Path, client: Client) -> None:
    """Bob (same Behörde, second device) changes the owner, so the next pull brings a record."""
    token = issue_token(server.engine, "behoerde", "pc-2", AMT_A)
    bob = make_client("Bob", tmp_path, server.url, token)
    seed_catalogue(bob.session.store)
    bob.sync()
    bob.edit(anbindung_id(client), verantwortlich="Bob Berger")
    bob.sync()
    bob.close()


def snapshot(client: Client) -> list[str]:
    return content_dump(client.session.store.path)


def gebiete(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT count(*) FROM gebiet").fetchone()[0])


def feed_item(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(item for item in data["changes"] if item["type"] == kind)


def test_an_invalid_value_in_the_feed_refuses_the_whole_page(
    server: LiveServer, hostile: HostileServer, tmp_path: Path
) -> None:
    client = client_behind(hostile, server, tmp_path)
    a_change_by_another_device(server, tmp_path, client)
    before = snapshot(client)

    def bad_status(data: dict[str, Any]) -> dict[str, Any]:
        feed_item(data, "record")["fields"]["status"] = "fliegend"
        return data

    hostile.tampers["/api/v1/changes"] = bad_status
    with pytest.raises(BadServerResponse, match="Ungültige Daten vom Server"):
        client.sync()
    assert snapshot(client) == before  # neither the record nor the cursor moved
    hostile.tampers.clear()
    client.sync()
    with client.session.store.read() as connection:
        owner = connection.execute("SELECT verantwortlich FROM anbindung").fetchone()[0]
    assert owner == "Bob Berger"


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "../../etc"), ("anbindung_id", 42), ("anbindung_id", "nicht-uuid")],
)
def test_a_remark_with_made_up_ids_is_refused(
    server: LiveServer, hostile: HostileServer, tmp_path: Path, field: str, value: object
) -> None:
    client = client_behind(hostile, server, tmp_path)
    add_remark(server.engine, AMT_A, "Bitte Nachweis ergänzen", "Land MV", anbindung_id(client))
    before = snapshot(client)

    def broken(data: dict[str, Any]) -> dict[str, Any]:
        feed_item(data, "remark")["remark"][field] = value
        return data

    hostile.tampers["/api/v1/changes"] = broken
    with pytest.raises(BadServerResponse, match="ungültige Kennung"):
        client.sync()
    assert snapshot(client) == before


def test_an_answer_that_is_not_json_changes_nothing(
    server: LiveServer, hostile: HostileServer, tmp_path: Path
) -> None:
    client = client_behind(hostile, server, tmp_path)
    a_change_by_another_device(server, tmp_path, client)
    before = snapshot(client)
    hostile.tampers["/api/v1/changes"] = lambda _data: b"<html>Wartungsarbeiten</html>"
    with pytest.raises(BadServerResponse, match="kein gültiges JSON"):
        client.sync()
    hostile.tampers["/api/v1/changes"] = lambda _data: [1, 2, 3]
    with pytest.raises(BadServerResponse, match="unbekannte Form"):
        client.sync()
    assert snapshot(client) == before


def test_an_oversized_or_compressed_bomb_answer_is_refused(
    server: LiveServer, hostile: HostileServer, tmp_path: Path
) -> None:
    client = client_behind(hostile, server, tmp_path, max_response=64 * 1024)
    a_change_by_another_device(server, tmp_path, client)
    before = snapshot(client)

    def padded(data: dict[str, Any]) -> dict[str, Any]:
        data["padding"] = "x" * 200_000
        return data

    hostile.tampers["/api/v1/changes"] = padded
    with pytest.raises(BadServerResponse, match="unplausibel groß"):
        client.sync()
    assert snapshot(client) == before


def test_a_gzip_bomb_stops_at_the_size_limit(tmp_path: Path) -> None:
    bomb = gzip.compress(b" " * 50_000_000)  # 50 MB of spaces in about 50 kB
    api = ApiServer()
    api.routes["/api/v1/status"] = (200, "application/json", bomb)
    api.gzip_paths.add("/api/v1/status")
    with running(api):
        transport = HttpTransport(
            f"http://127.0.0.1:{api.port}", GOOD_TOKEN, attempts=1, max_response=1024 * 1024
        )
        with pytest.raises(BadServerResponse, match="unplausibel groß"):
            transport.request("GET", "/api/v1/status", deadline=time.monotonic() + 10)


def test_a_trickling_answer_ends_at_the_round_deadline(
    server: LiveServer, hostile: HostileServer, tmp_path: Path
) -> None:
    client = client_behind(hostile, server, tmp_path)
    client.engine.round_seconds = 2
    hostile.tampers["/api/v1/changes"] = lambda _data: trickle(b'{"protocol": 1' + b" " * 10_000)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        client.sync()
    assert time.monotonic() - started < 5  # a byte every now and then must not keep it alive
    with client.session.store.read() as connection:
        assert meta_value(connection, meta.SYNC_CURSOR) is not None


def test_a_damaged_release_is_refused_before_anything_is_written(
    server: LiveServer, hostile: HostileServer, tmp_path: Path, reference: Path
) -> None:
    client = client_behind(hostile, server, tmp_path)
    publish_files(server.engine, "areas", [reference / "mv_gebiete.csv"], "2026-06-30")

    def one_bad_row(data: dict[str, Any]) -> dict[str, Any]:
        data["release"]["content"]["rows"][5]["ars12"] = "13xx"
        return data

    hostile.tampers["/api/v1/releases/areas"] = one_bad_row
    with pytest.raises(BadServerResponse, match="ungültige Zeilen"):
        client.sync()
    with client.session.store.read() as connection:
        assert gebiete(connection) == 0
    hostile.tampers.clear()
    client.sync()
    with client.session.store.read() as connection:
        assert gebiete(connection) == 852


def test_a_template_release_with_a_foreign_file_name_changes_nothing(
    server: LiveServer, hostile: HostileServer, tmp_path: Path
) -> None:
    """Templates are refused whole, with a note; the records still sync in that round, and
    the next round asks for the release again."""
    client = client_behind(hostile, server, tmp_path)
    template = shipped_dir() / "avv.toml"
    publish_files(server.engine, "templates", [template], None)

    def escape_the_folder(data: dict[str, Any]) -> dict[str, Any]:
        files = data["release"]["content"]["files"]
        files["../../autostart.toml"] = files.pop("avv.toml")
        return data

    hostile.tampers["/api/v1/releases/templates"] = escape_the_folder
    client.repository.create_anbindung("10235")
    report = client.sync()
    assert report.pushed > 0 and not report.rejected  # the edits went through all the same
    assert land_templates_of(client.session) == {}
    (note,) = templates_of(client.session).land_problems.values()
    assert "nicht übernommen" in note and "kein Name einer Vorlagendatei" in note
    hostile.tampers.clear()
    client.sync()
    assert list(land_templates_of(client.session)) == ["avv.toml"]
    assert templates_of(client.session).land_problems == {}


def test_tls_verification_cannot_be_talked_out_of(tmp_path: Path) -> None:
    ca = make_ca(tmp_path, "Landes-CA")
    certificate = issue(tmp_path, "server", ["127.0.0.1"], ca)
    api = ApiServer(tls=server_context(certificate))
    with running(api):
        url = f"https://127.0.0.1:{api.port}"
        untrusting = HttpTransport(url, GOOD_TOKEN, attempts=1)  # the system store lacks the CA
        with pytest.raises(CertificateRejected):
            untrusting.request("GET", "/api/v1/whoami", deadline=time.monotonic() + 10)
        trusting = HttpTransport(url, GOOD_TOKEN, attempts=1, ssl_context=client_context(ca))
        reply = trusting.request("GET", "/api/v1/whoami", deadline=time.monotonic() + 10)
        assert reply.data["tenant"] == AMT_A


def test_a_configured_proxy_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://umgebung.example:3128")
    assert proxy_for("https://ozg.mv.example", "http://konfiguriert.example:8080") == (
        "http://konfiguriert.example:8080"
    )
    assert proxy_for("https://ozg.mv.example", None) == "http://umgebung.example:3128"
    assert proxy_for("http://127.0.0.1:8000", None) is None  # a local server is reached directly
