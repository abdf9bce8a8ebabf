"""„Verbindung testen“: each stage fails with its own German message, secrets never shown."""

from __future__ import annotations

import errno
import logging
import socket
import ssl
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from ozg_desk.sync import https, service
from ozg_desk.sync.connection_check.check import CheckResult, check_connection
from ozg_desk.sync.connection_check.net import describe_connect_error
from ozg_desk.sync.status import settings
from tests.helpers.connection_check_servers import (
    BAD_TOKEN,
    GOOD_TOKEN,
    ApiServer,
    Proxy,
    client_context,
    free_port,
    issue,
    json_route,
    make_ca,
    running,
    server_context,
)

PASSWORD = "Kennw0rt-Sommer!2026"  # noqa: S105 - a test proxy's password, to look for in texts
SECRETS = (GOOD_TOKEN, BAD_TOKEN, PASSWORD)
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_system_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own proxy settings must not steer loopback tests."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def check(caplog: pytest.LogCaptureFixture) -> Any:
    """check_connection, plus: no token or password in any stage text or log line."""
    caplog.set_level(logging.DEBUG)

    def run(*args: Any, **kwargs: Any) -> CheckResult:
        kwargs.setdefault("timeout", 5.0)
        result = check_connection(*args, **kwargs)
        assert result.stages, "a check always reports at least one stage"
        texts = [stage.detail + stage.title for stage in result.stages] + [caplog.text]
        for secret in SECRETS:
            assert not any(secret in text for text in texts), f"secret leaked: {texts}"
        failures = [stage for stage in result.stages if not stage.ok]
        assert failures == ([result.failed] if result.failed else [])
        assert failures in ([], [result.stages[-1]]), "stops after the first failing stage"
        return result

    return run


@pytest.fixture
def api() -> Iterator[ApiServer]:
    server = ApiServer()
    with running(server):
        yield server


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A trusted CA, an unknown one (a TLS-inspecting proxy), and server certificates."""
    directory: Path = tmp_path_factory.mktemp("pki")
    trusted = make_ca(directory, "OZG-Desk Test-CA")
    inspecting = make_ca(directory, "Proxy Inspektions-CA")
    local = ["localhost", "127.0.0.1"]
    return {
        "ca": trusted,
        "good": issue(directory, "good", local, trusted),
        "self_signed": issue(directory, "self", local, None),
        "inspected": issue(directory, "inspected", local, inspecting),
        "wrong_name": issue(directory, "wrong", ["example.org"], trusted),
        "expired": issue(directory, "expired", local, trusted, expired=True),
    }


def https_api(pki: dict[str, Any], which: str) -> ApiServer:
    return ApiServer(tls=server_context(pki[which]))


def keys(result: CheckResult) -> list[str]:
    return [stage.key for stage in result.stages]


# --- success --------------------------------------------------------------------------------


def test_success_over_plain_http_on_loopback(check: Any, api: ApiServer) -> None:
    result = check(f"http://127.0.0.1:{api.port}/", GOOD_TOKEN)

    assert result.ok and result.failed is None
    assert keys(result) == ["name_resolution", "connection", "http", "token"]
    assert result.stages[0].title == "Namensauflösung"
    assert "Amt Crivitz" in result.stages[-1].detail
    assert "Rolle „Behörde“" in result.stages[-1].detail
    assert [path for path, _ in api.seen] == ["/api/v1/status", "/api/v1/whoami"]
    assert all(headers.get("OZG-Desk-Protocol") == "1" for _, headers in api.seen)
    assert api.seen[1][1]["Authorization"] == f"Bearer {GOOD_TOKEN}"


def test_server_trusted_through_ssl_context_passes_every_stage(
    check: Any, pki: dict[str, Any]
) -> None:
    server = https_api(pki, "good")
    with running(server):
        result = check(
            f"https://localhost:{server.port}",
            GOOD_TOKEN,
            proxy="",
            ssl_context=client_context(pki["ca"]),
        )

    assert result.ok, result.failed
    assert keys(result) == ["name_resolution", "connection", "certificate", "http", "token"]
    certificate = result.stages[2]
    assert "gültig und vertrauenswürdig" in certificate.detail
    assert "OZG-Desk Test-CA" in certificate.detail


def test_land_role_is_named(check: Any, api: ApiServer) -> None:
    api.routes["/api/v1/whoami"] = json_route(200, {"protocol": 1, "tenant": None, "role": "land"})

    result = check(f"http://localhost:{api.port}", GOOD_TOKEN)

    assert result.ok
    assert result.stages[-1].detail == "Der Zugangsschlüssel gilt mit der Rolle „Land“."


# --- the address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "",
        "ozg-desk.example.de",
        "ftp://ozg-desk.example.de",
        "http://ozg-desk.example.de",
        "https://",
        "https://ozg-desk.example.de:99999",
        f"https://anna:{PASSWORD}@ozg-desk.example.de",
        "https://ozg-desk.example.de/?x=1",
    ],
)
def test_unusable_server_address(check: Any, url: str) -> None:
    result = check(url, GOOD_TOKEN)

    assert keys(result) == ["http"]
    assert result.failed is not None and result.failed.title == "Serveradresse"
    assert "Serveradresse" in result.failed.detail


def test_plain_http_names_the_rule(check: Any) -> None:
    failed = check("http://ozg-desk.example.de", None).failed

    assert "muss mit https:// beginnen" in failed.detail


# --- name resolution and connection ---------------------------------------------------------


def test_unknown_host_name(check: Any) -> None:
    result = check("https://ozg-desk.invalid", GOOD_TOKEN, proxy="")

    assert keys(result) == ["name_resolution"]
    assert "„ozg-desk.invalid“" in result.failed.detail


def test_connection_refused(check: Any) -> None:
    port = free_port()

    result = check(f"http://127.0.0.1:{port}", GOOD_TOKEN)

    assert keys(result) == ["name_resolution", "connection"]
    assert "lehnt die Verbindung ab" in result.failed.detail
    assert f"127.0.0.1:{port}" in result.failed.detail


def test_timeout_and_unreachable_read_differently() -> None:
    timed_out = describe_connect_error(TimeoutError(), "a:443", 10, proxy=False)
    unreachable = describe_connect_error(
        OSError(errno.ENETUNREACH, "Network is unreachable"), "a:443", 10, proxy=False
    )
    refused = describe_connect_error(ConnectionRefusedError(), "a:443", 10, proxy=False)

    assert "nicht innerhalb von 10 Sekunden" in timed_out
    assert "keinen Netzweg" in unreachable
    assert "lehnt die Verbindung ab" in refused


# --- certificates ---------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["self_signed", "inspected"])
def test_untrusted_certificate(check: Any, pki: dict[str, Any], which: str) -> None:
    """Self-signed, or from a CA this machine does not know (the TLS-inspection case)."""
    server = https_api(pki, which)
    with running(server):
        result = check(f"https://127.0.0.1:{server.port}", GOOD_TOKEN, proxy="")

    assert keys(result) == ["name_resolution", "connection", "certificate"]
    assert "nicht vertrauenswürdig" in result.failed.detail
    assert "Stammzertifikat" in result.failed.detail
    assert server.seen == [], "nothing was sent over an untrusted connection"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_certificate_for_another_name(check: Any, pki: dict[str, Any], host: str) -> None:
    server = https_api(pki, "wrong_name")
    with running(server):
        result = check(
            f"https://{host}:{server.port}",
            GOOD_TOKEN,
            proxy="",
            ssl_context=client_context(pki["ca"]),
        )

    assert result.failed.key == "certificate"
    assert "nicht akzeptabel" in result.failed.detail
    assert f"nicht für den Namen „{host}“" in result.failed.detail


def test_expired_certificate(check: Any, pki: dict[str, Any]) -> None:
    server = https_api(pki, "expired")
    with running(server):
        result = check(
            f"https://localhost:{server.port}",
            None,
            proxy="",
            ssl_context=client_context(pki["ca"]),
        )

    assert result.failed.key == "certificate"
    assert "nicht akzeptabel" in result.failed.detail
    assert "abgelaufen" in result.failed.detail


def test_outdated_tls_version(check: Any, pki: dict[str, Any]) -> None:
    context = server_context(pki["good"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # that is the point
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    server = ApiServer(tls=context)
    with running(server):
        result = check(
            f"https://localhost:{server.port}",
            None,
            proxy="",
            ssl_context=client_context(pki["ca"]),
        )

    assert result.failed.key == "certificate"
    assert "nicht akzeptabel" in result.failed.detail
    assert "veraltete TLS-Version" in result.failed.detail


def test_plain_http_server_behind_an_https_address(check: Any, api: ApiServer) -> None:
    result = check(f"https://127.0.0.1:{api.port}", GOOD_TOKEN, proxy="")

    assert result.failed.key == "certificate"
    assert "kein verschlüsselter Dienst" in result.failed.detail


def test_server_that_never_answers_the_handshake(check: Any) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never accepts
        port = silent.getsockname()[1]
        result = check(f"https://127.0.0.1:{port}", GOOD_TOKEN, proxy="", timeout=0.3)

    assert result.failed.key == "certificate"
    assert "nicht innerhalb von 0,3 Sekunden" in result.failed.detail


def test_verification_cannot_be_switched_off() -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    with pytest.raises(ValueError, match="nicht abschalten"):
        check_connection("https://localhost", GOOD_TOKEN, ssl_context=context)


# --- proxy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("password", [PASSWORD, f"{PASSWORD}@:/%"])
def test_success_through_an_authenticating_proxy(
    check: Any, pki: dict[str, Any], password: str
) -> None:
    server, proxy = https_api(pki, "good"), Proxy(("anna", password))
    with running(server), running(proxy):
        result = check(
            f"https://localhost:{server.port}",
            GOOD_TOKEN,
            proxy=f"http://anna:{quote(password, safe='')}@127.0.0.1:{proxy.port}",
            ssl_context=client_context(pki["ca"]),
        )

    assert result.ok, result.failed
    assert keys(result) == [
        "name_resolution",
        "proxy",
        "connection",
        "certificate",
        "http",
        "token",
    ]
    assert "über den Proxy 127.0.0.1" in result.stages[0].detail
    assert "angemeldet als „anna“" in result.stages[1].detail
    # the raw check and both requests went through the proxy
    assert proxy.seen.count(("CONNECT", f"localhost:{server.port}")) >= 2
    assert len(server.seen) == 2


@pytest.mark.parametrize("given", [None, ("anna", "falsch-" + PASSWORD)])
def test_proxy_requires_authentication(check: Any, given: tuple[str, str] | None) -> None:
    proxy = Proxy(("anna", PASSWORD + "x"))
    login = f"{given[0]}:{given[1]}@" if given else ""
    with running(proxy):
        result = check(
            "https://ozg-desk.example.de", GOOD_TOKEN, proxy=f"http://{login}127.0.0.1:{proxy.port}"
        )

    assert keys(result) == ["name_resolution", "proxy"]
    assert result.failed.detail.startswith("Der Proxy verlangt eine Anmeldung")
    assert "407" in result.failed.detail
    if given:
        assert "„anna“" in result.failed.detail and "abgelehnt" in result.failed.detail
        assert given[1] not in result.failed.detail


def test_proxy_wanting_a_windows_login(check: Any) -> None:
    proxy = Proxy(("anna", PASSWORD), challenge="NTLM")
    with running(proxy):
        failed = check("https://ozg-desk.example.de", None, proxy=f"127.0.0.1:{proxy.port}").failed

    assert failed.key == "proxy"
    assert "Windows-Konto" in failed.detail


def test_proxy_from_the_system_settings(
    check: Any, pki: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, proxy = https_api(pki, "good"), Proxy(("anna", PASSWORD))
    monkeypatch.setenv("https_proxy", f"http://anna:{PASSWORD}@127.0.0.1:{proxy.port}")
    with running(server), running(proxy):
        result = check(
            f"https://localhost:{server.port}", GOOD_TOKEN, ssl_context=client_context(pki["ca"])
        )
        monkeypatch.setenv("no_proxy", "localhost")
        bypassed = check(
            f"https://localhost:{server.port}", GOOD_TOKEN, ssl_context=client_context(pki["ca"])
        )

    assert result.ok, result.failed
    assert "aus den Systemeinstellungen" in result.stages[1].detail
    assert bypassed.ok and "proxy" not in keys(bypassed)


def test_proxy_not_listening(check: Any) -> None:
    failed = check("https://ozg-desk.example.de", None, proxy=f"127.0.0.1:{free_port()}").failed

    assert failed.key == "proxy"
    assert "Der Proxy 127.0.0.1" in failed.detail and "lehnt die Verbindung ab" in failed.detail


def test_proxy_with_unknown_name(check: Any) -> None:
    failed = check("https://ozg-desk.example.de", None, proxy="http://proxy.invalid:3128").failed

    assert failed.key == "name_resolution"
    assert "Der Name des Proxys „proxy.invalid“" in failed.detail


@pytest.mark.parametrize(
    ("status", "key", "text"),
    [
        (502, "connection", "erreicht den Server"),
        (403, "proxy", "lässt Verbindungen"),
    ],
)
def test_proxy_refusing_the_tunnel(check: Any, status: int, key: str, text: str) -> None:
    proxy = Proxy(status=status)
    with running(proxy):
        failed = check("https://ozg-desk.example.de", None, proxy=f"127.0.0.1:{proxy.port}").failed

    assert failed.key == key
    assert text in failed.detail and str(status) in failed.detail


def test_invalid_proxy_address(check: Any) -> None:
    failed = check("https://ozg-desk.example.de", None, proxy=f"socks5://a:{PASSWORD}@p:1").failed

    assert failed.key == "proxy"
    assert "Proxy-Adresse" in failed.detail


# --- HTTP and token -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "text"),
    [
        ((500, "text/plain", b"boom"), "Statuscode 500"),
        ((503, "text/plain", b""), "zurzeit nicht verfügbar"),
        ((404, "text/plain", b""), "kein OZG-Desk-Server"),
        ((302, "text/html", b""), "leitet /api/v1/status auf eine andere Adresse um"),
        ((200, "text/html", b"<html>Anmeldung am Proxy</html>"), "kein JSON"),
        (json_route(426, {"detail": "Bitte Version 2 verwenden."}), "Bitte Version 2 verwenden."),
        (json_route(200, {"protocol": 2}), "Protokollversion 2"),
    ],
)
def test_http_stage(check: Any, api: ApiServer, route: Any, text: str) -> None:
    api.routes["/api/v1/status"] = route

    result = check(f"http://127.0.0.1:{api.port}", GOOD_TOKEN)

    assert result.failed.key == "http"
    assert result.failed.title == "Antwort des Servers"
    assert text in result.failed.detail


def test_bad_token(check: Any, api: ApiServer) -> None:
    result = check(f"http://127.0.0.1:{api.port}", BAD_TOKEN)

    assert result.failed.key == "token"
    assert result.failed.detail.startswith("Der Zugangsschlüssel ist ungültig oder wurde gesperrt")
    assert api.seen[-1][1]["Authorization"] == f"Bearer {BAD_TOKEN}"


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token(check: Any, api: ApiServer, token: str | None) -> None:
    result = check(f"http://127.0.0.1:{api.port}", token)

    assert [stage.ok for stage in result.stages] == [True, True, True, False]
    assert "kein Zugangsschlüssel eingetragen" in result.failed.detail
    assert [path for path, _ in api.seen] == ["/api/v1/status"]


def test_token_with_a_line_break(check: Any, api: ApiServer) -> None:
    failed = check(f"http://127.0.0.1:{api.port}", GOOD_TOKEN[:10] + "\n" + GOOD_TOKEN[10:]).failed

    assert "unzulässige Zeichen" in failed.detail


def test_server_echoing_the_token_is_masked(check: Any, api: ApiServer) -> None:
    def echo(handler: Any) -> tuple[int, str, bytes]:
        said = f"Protokoll zu alt für {handler.headers['Authorization']}"
        return json_route(426, {"detail": said})

    api.routes["/api/v1/whoami"] = echo

    failed = check(f"http://127.0.0.1:{api.port}", GOOD_TOKEN).failed  # check() looks for it

    assert failed.key == "token"
    assert "Bearer ***" in failed.detail


def test_login_keeps_the_proxy_password_in_the_keyring_only(
    pki: dict[str, Any],
    store: Any,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test CA stands in for one the IT department installed in the system's trust store.
    monkeypatch.setattr(https, "system_context", lambda: client_context(pki["ca"]))
    server, proxy = https_api(pki, "good"), Proxy(("anna", PASSWORD))
    with running(server), running(proxy):
        proxy_url = f"http://anna:{quote(PASSWORD, safe='')}@127.0.0.1:{proxy.port}"
        service.login(store, f"https://localhost:{server.port}", GOOD_TOKEN, proxy_url)
        with store.read() as connection:
            assert settings(connection)[1] == f"http://anna@127.0.0.1:{proxy.port}"
        store.engine.dispose()
        on_disk = b"".join(path.read_bytes() for path in store.path.parent.glob("*.sqlite*"))
        assert PASSWORD.encode() not in on_disk and GOOD_TOKEN.encode() not in on_disk
        assert PASSWORD in memory_keyring.passwords.values()

        _engine, transport = service.engine_for(store)  # what every later sync round uses
        try:
            reply = transport.request("GET", "/api/v1/whoami", deadline=time.monotonic() + 10)
        finally:
            transport.close()
    assert reply.data["tenant_name"] == "Amt Crivitz"
    assert proxy.seen.count(("CONNECT", f"localhost:{server.port}")) == 2
