"""Socket-level steps of the connection check: resolve, connect, proxy tunnel, TLS handshake."""

from __future__ import annotations

import base64
import errno
import socket
import ssl
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ozg_desk.app.german_time import german_date

# OpenSSL verify codes (x509_vfy.h) that mean "no trusted issuer", as opposed to a known issuer
# whose certificate is wrong in some way.
_UNTRUSTED_OPENSSL = {2, 18, 19, 20, 21, 27}
# Windows (CERT_E_UNTRUSTEDROOT, CERT_E_CHAINING, CERT_E_UNTRUSTEDTESTROOT) and macOS
# (errSecNotTrusted) codes that truststore passes on as verify_code.
_UNTRUSTED_PLATFORM = {0x800B0109, 0x800B010A, 0x800B010D, -67843}
_REASONS = (
    ({9}, "Es ist noch nicht gültig. Prüfen Sie Datum und Uhrzeit dieses Rechners."),
    (
        {10, 0x800B0101, -67818},
        "Es ist abgelaufen. Der Betreiber des Servers muss es erneuern; prüfen Sie auch Datum "
        "und Uhrzeit dieses Rechners.",
    ),
    (
        {62, 64, 0x800B010F, -67602},
        "Es gilt nicht für den Namen „{host}“. Prüfen Sie die Serveradresse: Sie muss so "
        "lauten, wie sie im Zertifikat steht.",
    ),
    ({23, 0x800B010C}, "Es wurde gesperrt (widerrufen). Wenden Sie sich an den Betreiber."),
    ({66, 67, 68}, "Es verwendet veraltete, zu schwache Verfahren."),
)
_OLD_TLS = {"UNSUPPORTED_PROTOCOL", "TLSV1_ALERT_PROTOCOL_VERSION", "NO_PROTOCOLS_AVAILABLE"}
_NOT_TLS = {"WRONG_VERSION_NUMBER", "HTTP_REQUEST", "RECORD_LAYER_FAILURE"}
# 10051 and 10065 are WSAENETUNREACH and WSAEHOSTUNREACH on Windows.
_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, 10051, 10065}
MAX_HEAD = 65536
AddrInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str, tuple[Any, ...]]


class ProbeError(Exception):
    """A failed step; `str(error)` is the German detail shown to the user."""


class UpstreamError(ProbeError):
    """The proxy works but cannot reach the server (a connection problem, not a proxy one)."""


def seconds(value: float) -> str:
    """A duration as German text: "10 Sekunden", "0,5 Sekunden", "1 Sekunde"."""
    number = f"{value:g}".replace(".", ",")
    return f"{number} Sekunde" if value == 1 else f"{number} Sekunden"


def endpoint(host: str, port: int) -> str:
    """`host:port` as people write it, with brackets around IPv6 addresses."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def resolve(host: str, port: int, timeout: float, *, proxy: bool) -> list[AddrInfo]:
    """The addresses of `host`; getaddrinfo has no timeout, so it runs in a daemon thread."""
    found: list[list[AddrInfo]] = []
    failed: list[socket.gaierror | UnicodeError] = []

    def lookup() -> None:
        try:
            found.append(list(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))
        except (socket.gaierror, UnicodeError) as error:
            failed.append(error)

    worker = threading.Thread(target=lookup, name="ozg-desk-dns", daemon=True)
    worker.start()
    worker.join(timeout)
    what = f"Der Name des Proxys „{host}“" if proxy else f"Der Name „{host}“"
    if found:
        return found[0]
    if not failed:
        raise ProbeError(
            f"{what} ließ sich nicht innerhalb von {seconds(timeout)} auflösen: Der "
            "Namensdienst (DNS) antwortet nicht. Prüfen Sie die Netzwerkverbindung."
        )
    error = failed[0]
    if isinstance(error, socket.gaierror) and error.errno == socket.EAI_AGAIN:
        raise ProbeError(
            f"{what} ließ sich nicht auflösen, weil der Namensdienst (DNS) nicht antwortet. "
            "Prüfen Sie die Netzwerkverbindung dieses Rechners."
        )
    hint = (
        "Prüfen Sie die Proxy-Einstellung."
        if proxy
        else "Prüfen Sie die Schreibweise der Serveradresse. In vielen Behördennetzen sind "
        "Namen im Internet nur über den Proxy erreichbar; tragen Sie ihn dann in den "
        "Einstellungen ein."
    )
    raise ProbeError(f"{what} ist unbekannt. {hint}")


def describe_connect_error(error: OSError, where: str, timeout: float, *, proxy: bool) -> str:
    """German text for a failed TCP connect to the server or, with `proxy`, to the proxy."""
    who = "Der Proxy" if proxy else "Der Server"
    ask = "fragen Sie Ihre IT." if proxy else "fragen Sie Ihre IT, ob ein Proxy nötig ist."
    if isinstance(error, ConnectionRefusedError):
        return (
            f"{who} {where} lehnt die Verbindung ab: Dort nimmt kein Dienst Verbindungen an. "
            "Prüfen Sie die Portnummer; sonst läuft der Dienst zurzeit nicht."
        )
    if isinstance(error, TimeoutError):
        return (
            f"{who} {where} antwortet nicht innerhalb von {seconds(timeout)}. Häufig "
            f"blockiert eine Firewall die Verbindung; {ask}"
        )
    if error.errno in _UNREACHABLE:
        return (
            f"{who} {where} ist nicht erreichbar: Es gibt keinen Netzweg dorthin. Prüfen Sie "
            f"die Netzwerkverbindung, oder {ask}"
        )
    reason = error.strerror or type(error).__name__
    return f"Die Verbindung zu {where} ist gescheitert ({reason})."


def connect(addresses: list[AddrInfo], where: str, timeout: float, *, proxy: bool) -> socket.socket:
    """A TCP connection to the first address that answers, as socket.create_connection does."""
    last: OSError = OSError(errno.EHOSTUNREACH, "keine Adresse")
    for family, kind, protocol, _canonical, address in addresses:
        sock = socket.socket(family, kind, protocol)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError as error:
            sock.close()
            last = error
        else:
            return sock
    raise ProbeError(describe_connect_error(last, where, timeout, proxy=proxy))


def tunnel(
    sock: socket.socket,
    target: str,
    credentials: tuple[str, str] | None,
    proxy: str,
    timeout: float,
) -> None:
    """Ask the proxy for a CONNECT tunnel to `target` (host:port) on the open socket."""
    head = f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n"
    if credentials is not None:
        text = f"{credentials[0]}:{credentials[1]}"
        try:  # as requests encodes them, so that the check sends what the sync will send
            pair = text.encode("latin-1")
        except UnicodeEncodeError:
            pair = text.encode("utf-8")
        head += f"Proxy-Authorization: Basic {base64.b64encode(pair).decode('ascii')}\r\n"
    try:
        sock.sendall((head + "\r\n").encode("utf-8"))
        answer = b""
        # A proxy sends nothing after the head of a 200 until the client speaks, so reading
        # up to the blank line never swallows bytes of the TLS handshake.
        while b"\r\n\r\n" not in answer and len(answer) < MAX_HEAD:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    except TimeoutError as error:
        raise ProbeError(
            f"Der Proxy {proxy} hat nicht innerhalb von {seconds(timeout)} geantwortet."
        ) from error
    except OSError as error:
        raise ProbeError(
            f"Die Verbindung zum Proxy {proxy} brach ab ({error.strerror or 'ohne Angabe'})."
        ) from error
    if not answer:
        raise ProbeError(f"Der Proxy {proxy} hat die Verbindung ohne Antwort geschlossen.")
    lines = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise ProbeError(f"Unter {proxy} antwortet kein HTTP-Proxy. Prüfen Sie die Einstellung.")
    status = int(parts[1])
    if 200 <= status < 300:
        return
    methods = {
        line.split(":", 1)[1].strip().split(" ", 1)[0].lower()
        for line in lines[1:]
        if line.lower().startswith("proxy-authenticate:")
    }
    raise _tunnel_error(status, methods, credentials, proxy, target)


def _tunnel_error(
    status: int, methods: set[str], credentials: tuple[str, str] | None, proxy: str, target: str
) -> ProbeError:
    if status == 407 and methods and "basic" not in methods:
        return ProbeError(
            "Der Proxy verlangt eine Anmeldung mit dem Windows-Konto (NTLM oder Kerberos, "
            "Statuscode 407); diese Anmeldeart unterstützt OZG-Desk nicht. Bitten Sie Ihre IT, die "
            "Serveradresse ohne Anmeldung freizugeben oder Benutzername und Kennwort zuzulassen."
        )
    if status == 407 and credentials is not None:
        return ProbeError(
            f"Der Proxy verlangt eine Anmeldung und hat die Anmeldung als „{credentials[0]}“ "
            "abgelehnt (Statuscode 407). Prüfen Sie Benutzername und Kennwort für den Proxy."
        )
    if status == 407:
        return ProbeError(
            "Der Proxy verlangt eine Anmeldung (Statuscode 407). Tragen Sie Benutzername und "
            "Kennwort für den Proxy in den Einstellungen ein."
        )
    if status in {502, 503, 504}:
        return UpstreamError(
            f"Der Proxy {proxy} erreicht den Server {target} nicht (Statuscode {status}). "
            "Prüfen Sie die Serveradresse; sonst ist der Server zurzeit nicht erreichbar."
        )
    if status == 403:
        return ProbeError(
            f"Der Proxy {proxy} lässt Verbindungen zu {target} nicht zu (Statuscode 403). Bitten "
            "Sie Ihre IT, die Serveradresse freizugeben."
        )
    return ProbeError(
        f"Der Proxy {proxy} lehnt die Verbindung zu {target} ab (Statuscode {status})."
    )


def handshake(
    sock: socket.socket, host: str, where: str, context: ssl.SSLContext, timeout: float
) -> str:
    """Run the TLS handshake with verification; return a German description of the result."""
    sock.settimeout(timeout)
    try:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            version = tls.version() or "TLS"
            certificate = tls.getpeercert() or {}
    except ssl.SSLCertVerificationError as error:
        raise ProbeError(describe_certificate_error(error, host)) from error
    except ssl.SSLError as error:
        raise ProbeError(_describe_tls_error(error, where)) from error
    except TimeoutError as error:
        raise ProbeError(
            f"Der Server {where} hat die verschlüsselte Verbindung nicht innerhalb von "
            f"{seconds(timeout)} aufgebaut."
        ) from error
    except OSError as error:
        raise ProbeError(
            "Die Verbindung wurde beim Aufbau der Verschlüsselung getrennt. Häufig bricht eine "
            "Firewall oder ein Proxy solche Verbindungen ab; fragen Sie Ihre IT."
        ) from error
    # truststore verifies with the Windows/macOS API, after which getpeercert() may be empty.
    facts = ""
    until = certificate.get("notAfter")
    if isinstance(until, str):
        day = datetime.fromtimestamp(ssl.cert_time_to_seconds(until), tz=UTC)
        facts = (
            f" Es gilt bis {german_date(day)} und wurde von „{_issuer(certificate)}“ ausgestellt."
        )
    tls_name = version.replace("TLSv", "TLS ")
    return (
        f"Das Zertifikat für „{host}“ ist gültig und vertrauenswürdig; verschlüsselt wird mit "
        f"{tls_name}.{facts}"
    )


def _issuer(certificate: Mapping[str, object]) -> str:
    """The most telling part of the issuer from getpeercert(): its CN, else its O."""
    fields: dict[str, str] = {}
    issuer = certificate.get("issuer", ())
    for rdn in issuer if isinstance(issuer, tuple) else ():
        for pair in rdn:
            if isinstance(pair, tuple) and len(pair) == 2:
                fields[str(pair[0])] = str(pair[1])
    return fields.get("commonName") or fields.get("organizationName") or "unbekannt"


def describe_certificate_error(error: ssl.SSLCertVerificationError, host: str) -> str:
    """Untrusted (no known issuer, typical of TLS inspection) versus not acceptable."""
    code = getattr(error, "verify_code", None)
    message = str(getattr(error, "verify_message", "") or error)
    if code in _UNTRUSTED_OPENSSL | _UNTRUSTED_PLATFORM or "self-signed" in message:
        return (
            "Das Zertifikat des Servers ist nicht vertrauenswürdig: Es ist selbst ausgestellt "
            "oder stammt von einer Zertifizierungsstelle, die dieser Rechner nicht kennt. Das "
            "ist typisch für einen Proxy, der verschlüsselte Verbindungen prüft (TLS-Inspektion) "
            "und dessen Stammzertifikat nicht im Zertifikatsspeicher des Betriebssystems "
            "installiert ist. Bitten Sie Ihre IT, das Stammzertifikat zu installieren; ohne "
            "vertrauenswürdiges Zertifikat verbindet sich OZG-Desk nicht."
        )
    for codes, reason in _REASONS:
        if code in codes:
            return f"Das Zertifikat des Servers ist nicht akzeptabel: {reason.format(host=host)}"
    return f"Das Zertifikat des Servers ist nicht akzeptabel (die Prüfung meldet „{message}“)."


def _describe_tls_error(error: ssl.SSLError, where: str) -> str:
    reason = str(error.reason or "")
    if reason in _OLD_TLS:
        return (
            "Die verschlüsselte Verbindung ist nicht akzeptabel: Der Server oder ein Proxy "
            "dazwischen bietet nur eine veraltete TLS-Version an. Nötig ist mindestens TLS 1.2; "
            "wenden Sie sich an den Betreiber des Servers."
        )
    if reason in _NOT_TLS:
        return (
            f"Unter {where} antwortet kein verschlüsselter Dienst (https). Prüfen Sie die "
            "Portnummer in der Serveradresse."
        )
    if isinstance(error, ssl.SSLEOFError | ssl.SSLZeroReturnError):
        return (
            "Die Verbindung wurde beim Aufbau der Verschlüsselung getrennt. Häufig bricht eine "
            "Firewall oder ein Proxy solche Verbindungen ab; fragen Sie Ihre IT."
        )
    return f"Die verschlüsselte Verbindung kam nicht zustande ({reason or 'ohne Angabe'})."
