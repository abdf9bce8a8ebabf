"""„Verbindung testen“: which step on the way to the sync server fails, told in German."""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import ssl
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from ozg_desk.sync import https
from ozg_desk.sync.connection_check import http, net
from ozg_desk.sync.connection_check.net import ProbeError
from ozg_desk.sync.transport import token_problem

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
TITLES = {
    "name_resolution": "Namensauflösung",
    "proxy": "Proxy",
    "connection": "Verbindung",
    "certificate": "Zertifikat und Verschlüsselung",
    "http": "Antwort des Servers",
    "token": "Zugangsschlüssel",
}


@dataclass(frozen=True)
class Stage:
    """One checked step; `detail` says what was found or what went wrong and what to do."""

    key: str
    title: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckResult:
    """The checked steps in order; the list ends with the first failing one."""

    stages: tuple[Stage, ...]

    @property
    def ok(self) -> bool:
        return bool(self.stages) and all(stage.ok for stage in self.stages)

    @property
    def failed(self) -> Stage | None:
        return next((stage for stage in self.stages if not stage.ok), None)


@dataclass(frozen=True)
class _Server:
    base: str  # the URL without a trailing slash
    scheme: str
    host: str
    port: int

    @property
    def where(self) -> str:
        return net.endpoint(self.host, self.port)


@dataclass(frozen=True)
class _Proxy:
    url: str  # may hold credentials: only ever given to requests, never shown
    host: str
    port: int
    credentials: tuple[str, str] | None
    origin: str

    @property
    def shown(self) -> str:
        return net.endpoint(self.host, self.port)


@dataclass
class _Run:
    secrets: list[str]
    timeout: float
    stages: list[Stage] = field(default_factory=list)

    def add(self, key: str, ok: bool, detail: str, title: str | None = None) -> bool:
        # Server texts and user names are quoted in details; a secret must not get through.
        for secret in self.secrets:
            detail = detail.replace(secret, "***")
        self.stages.append(Stage(key, title or TITLES[key], ok, detail))
        log.info("Verbindungstest %s: %s – %s", key, "ok" if ok else "FEHLER", detail)
        return ok


def check_connection(
    server_url: str,
    token: str | None,
    *,
    proxy: str | None = None,
    timeout: float = 10.0,
    ssl_context: ssl.SSLContext | None = None,
) -> CheckResult:
    """Check each step to the sync server, stopping at the first that fails.

    An unusable server URL fails as stage "http" titled „Serveradresse“. `proxy=None` takes
    the system's proxy for https (unless bypassed), `""` means a direct connection. A plain
    http server (only localhost) is reached without proxy and has no certificate stage.
    `ssl_context` replaces the operating system's trust store; it must verify.
    """
    if timeout <= 0:
        raise ValueError("timeout muss positiv sein")
    context = ssl_context or https.system_context()
    if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
        raise ValueError("Die Prüfung des Zertifikats lässt sich nicht abschalten.")
    run = _Run([secret for secret in {token or "", (token or "").strip()} if secret], timeout)
    try:
        server = _parse_server(server_url)
    except ProbeError as error:
        run.add("http", False, str(error), title="Serveradresse")
        return CheckResult(tuple(run.stages))
    try:
        via = _choose_proxy(server, proxy)
    except ProbeError as error:
        run.add("proxy", False, str(error))
        return CheckResult(tuple(run.stages))
    if via is not None:
        # Messages never quote the proxy URL; masking is a second line of defence. Very short
        # passwords are left out: masking them would garble port numbers and words.
        raw = urlsplit(via.url).password or ""
        run.secrets += [secret for secret in {raw, unquote(raw)} if len(secret) >= 4]
    if _probe(run, server, via, context):
        _ask_server(run, server, via, context, token)
    return CheckResult(tuple(run.stages))


def _parse_server(url: str) -> _Server:
    text = url.strip()
    example = "Sie beginnt mit https://, zum Beispiel https://ozg-desk.example.de."
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ProbeError(f"Die Serveradresse ist ungültig. {example}") from None
    host = parts.hostname or ""
    if parts.username is not None or parts.password is not None:
        raise ProbeError("Die Serveradresse darf keine Anmeldedaten enthalten.")
    if parts.scheme not in {"http", "https"} or not host or re.search(r"\s", text):
        shown = text if len(text) <= 80 else text[:79] + "…"
        raise ProbeError(f"„{shown}“ ist keine gültige Serveradresse. {example}")
    if parts.query or parts.fragment:
        raise ProbeError(f"Die Serveradresse darf kein „?“ und kein „#“ enthalten. {example}")
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise ProbeError(
            "Die Serveradresse muss mit https:// beginnen: Unverschlüsselt (http://) verbindet "
            "sich OZG-Desk nur mit einem Server auf diesem Rechner (localhost)."
        )
    base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    default = 443 if parts.scheme == "https" else 80
    return _Server(base, parts.scheme, host, port or default)


def _choose_proxy(server: _Server, proxy: str | None) -> _Proxy | None:
    if server.scheme == "http":
        return None  # only a server on this machine is plain http; proxies never serve it
    origin = "aus den Einstellungen"
    if proxy is None:
        proxy = https.system_proxy(server.host)
        if proxy is None:
            return None
        origin = "aus den Systemeinstellungen"
    proxy = proxy.strip()
    if not proxy:
        return None
    if "://" not in proxy:
        proxy = f"http://{proxy}"
    invalid = ProbeError(
        f"Die Proxy-Adresse {origin} ist ungültig. Erwartet wird die Form "
        "http://proxy.example.de:3128 oder http://benutzer:kennwort@proxy.example.de:3128."
    )
    try:
        parts = urlsplit(proxy)
        port = parts.port or 80
    except ValueError:
        raise invalid from None
    if parts.scheme != "http" or not parts.hostname:
        raise invalid
    credentials = None
    if parts.username:
        credentials = (unquote(parts.username), unquote(parts.password or ""))
    return _Proxy(proxy, parts.hostname, port, credentials, origin)


def _probe(run: _Run, server: _Server, via: _Proxy | None, context: ssl.SSLContext) -> bool:
    """Name resolution, proxy tunnel, TCP connection and TLS handshake, outside requests."""
    host, port = (via.host, via.port) if via else (server.host, server.port)
    try:
        addresses = net.resolve(host, port, run.timeout, proxy=via is not None)
    except ProbeError as error:
        return run.add("name_resolution", False, str(error))
    found = ", ".join(list(dict.fromkeys(str(address[4][0]) for address in addresses))[:3])
    name = "Der Name des Proxys" if via else "Der Name"
    resolved = f"{name} „{host}“ wurde aufgelöst: {found}."
    if _is_ip(host):
        resolved = f"„{host}“ ist eine IP-Adresse; es ist kein Name aufzulösen."
    if via is None:
        run.add("name_resolution", True, resolved)
        try:
            sock = net.connect(addresses, server.where, run.timeout, proxy=False)
        except ProbeError as error:
            return run.add("connection", False, str(error))
        run.add("connection", True, f"Die Verbindung zu {server.where} steht.")
    else:
        run.add(
            "name_resolution",
            True,
            f"Die Verbindung läuft über den Proxy {via.shown} ({via.origin}), der den Namen des "
            f"Servers selbst auflöst. {resolved}",
        )
        tunnelled = _tunnel(run, addresses, via, server)
        if tunnelled is None:
            return False
        sock = tunnelled
    with sock:
        if server.scheme == "http":
            return True
        try:
            detail = net.handshake(sock, server.host, server.where, context, run.timeout)
        except ProbeError as error:
            return run.add("certificate", False, str(error))
        return run.add("certificate", True, detail)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _tunnel(
    run: _Run, addresses: list[net.AddrInfo], via: _Proxy, server: _Server
) -> socket.socket | None:
    try:
        sock = net.connect(addresses, via.shown, run.timeout, proxy=True)
    except ProbeError as error:
        run.add("proxy", False, str(error))
        return None
    try:
        net.tunnel(sock, server.where, via.credentials, via.shown, run.timeout)
    except net.UpstreamError as error:
        sock.close()
        run.add("proxy", True, f"Der Proxy {via.shown} ist erreichbar und nimmt Anfragen an.")
        run.add("connection", False, str(error))
        return None
    except ProbeError as error:
        sock.close()
        run.add("proxy", False, str(error))
        return None
    login = f", angemeldet als „{via.credentials[0]}“" if via.credentials else ""
    run.add("proxy", True, f"Der Proxy {via.shown} ({via.origin}{login}) lässt die Verbindung zu.")
    run.add("connection", True, f"Über den Proxy steht die Verbindung zu {server.where}.")
    return sock


def _ask_server(
    run: _Run, server: _Server, via: _Proxy | None, context: ssl.SSLContext, token: str | None
) -> None:
    proxy = via.url if via else None
    asking = http.open_transport(server.base, context, proxy, None, run.timeout)
    try:
        run.add("http", True, http.status(asking, run.timeout))
    except ProbeError as error:
        run.add("http", False, str(error))
        return
    finally:
        asking.close()
    problem = token_problem(token)
    if problem is not None:
        run.add("token", False, problem)
        return
    authorized = http.open_transport(
        server.base, context, proxy, (token or "").strip(), run.timeout
    )
    try:
        run.add("token", True, http.whoami(authorized, run.timeout))
    except ProbeError as error:
        run.add("token", False, str(error))
    finally:
        authorized.close()
