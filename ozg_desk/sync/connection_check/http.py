"""The HTTP steps of the connection check: /api/v1/status and /api/v1/whoami.

They go through the sync client's transport (its TLS verification, timeouts, size limit and
token rules), with one attempt, the proxy the check chose, and a reading of every status code.
"""

from __future__ import annotations

import json
import ssl
import time
from typing import Any

from ozg_desk.protocol import PROTOCOL
from ozg_desk.protocol.paths import STATUS, url
from ozg_desk.sync.connection_check.net import ProbeError, seconds
from ozg_desk.sync.errors import (
    BadServerResponse,
    CertificateRejected,
    DeadlineExceeded,
    Offline,
    SyncError,
)
from ozg_desk.sync.transport import WHOAMI_URL, HttpTransport, ProxyRefused, TimedOut, identity_of

ROLES = {"behoerde": "Behörde", "land": "Land", "admin": "Verwaltung"}


def open_transport(
    base: str, context: ssl.SSLContext, proxy_url: str | None, token: str | None, timeout: float
) -> HttpTransport:
    """A transport that trusts only `context` and uses exactly the proxy chosen by the check."""
    return HttpTransport(
        base,
        token,
        proxy=proxy_url or "",  # "": a direct connection, never the system's proxy again
        ssl_context=context,
        connect_timeout=timeout,
        read_timeout=timeout,
        attempts=1,
    )


def status(transport: HttpTransport, timeout: float) -> str:
    """Ask /api/v1/status; the German result, or ProbeError naming the status code."""
    path = url(STATUS)
    _answer(*_get(transport, path, timeout), path)
    return f"Der Server antwortet unter {path} und spricht die Protokollversion {PROTOCOL}."


def whoami(transport: HttpTransport, timeout: float) -> str:
    """Ask /api/v1/whoami with the token; for whom and with which role it is valid."""
    code, content = _get(transport, WHOAMI_URL, timeout)
    if code in {401, 403}:
        raise ProbeError(
            f"Der Zugangsschlüssel ist ungültig oder wurde gesperrt (Statuscode "
            f"{code}). Bitten Sie die Stelle, die ihn ausgegeben hat, um einen "
            "neuen; Ihre Daten auf diesem Rechner bleiben erhalten."
        )
    try:
        identity = identity_of(_answer(code, content, WHOAMI_URL))
    except BadServerResponse as error:
        raise ProbeError(str(error)) from None
    tenant, name = identity.tenant, identity.tenant_name
    scope = ""
    if tenant and name:
        scope = f" für „{_text(name)}“ (ARS {_text(tenant)})"
    elif tenant:
        scope = f" für die Behörde mit dem ARS {_text(tenant)}"
    label = ROLES.get(identity.role, _text(identity.role))
    return f"Der Zugangsschlüssel gilt{scope} mit der Rolle „{label}“."


def _get(transport: HttpTransport, path: str, timeout: float) -> tuple[int, bytes]:
    try:
        return transport.exchange("GET", path, deadline=time.monotonic() + timeout)
    except (TimedOut, DeadlineExceeded):
        message = f"Der Server hat nicht innerhalb von {seconds(timeout)} geantwortet."
    except CertificateRejected:
        message = "Die verschlüsselte Verbindung für die Anfrage ist gescheitert."
    except ProxyRefused:
        message = "Die Anfrage über den Proxy ist gescheitert. Versuchen Sie es erneut."
    except Offline:
        message = "Die Verbindung zum Server brach während der Anfrage ab."
    except SyncError as error:  # an answer too large or broken on the way
        message = str(error)
    raise ProbeError(message)


def _answer(code: int, content: bytes, path: str) -> dict[str, Any]:
    """The JSON object of a successful answer; otherwise ProbeError naming the status code."""
    if code == 426:
        raise ProbeError(
            f"Der Server unterstützt die Protokollversion {PROTOCOL} dieser OZG-Desk-Version "
            f"nicht (Statuscode 426).{_server_says(content)} Aktualisieren Sie OZG-Desk, oder "
            "fragen Sie den Betreiber des Servers."
        )
    if 300 <= code < 400:
        raise ProbeError(
            f"Der Server leitet {path} auf eine andere Adresse um (Statuscode {code}). Prüfen Sie "
            "die Serveradresse; oft leitet auch ein Proxy auf seine Anmeldeseite um."
        )
    if code == 404:
        raise ProbeError(
            f"Unter dieser Adresse antwortet kein OZG-Desk-Server ({path}: Statuscode 404). "
            "Prüfen Sie die Serveradresse."
        )
    if code in {502, 503, 504}:
        raise ProbeError(f"Der Server ist zurzeit nicht verfügbar (Statuscode {code}).")
    if code >= 500:
        raise ProbeError(
            f"Der Server meldet einen internen Fehler (Statuscode {code}). Bleibt er bestehen, "
            "wenden Sie sich an den Betreiber des Servers."
        )
    if not 200 <= code < 300:
        raise ProbeError(f"Der Server lehnt die Anfrage {path} ab (Statuscode {code}).")
    body = _json(content)
    if body is None:
        raise ProbeError(
            f"Die Antwort auf {path} ist kein JSON (Statuscode {code}): Unter dieser Adresse "
            "läuft offenbar kein OZG-Desk-Server, oder ein Proxy liefert eine eigene Seite aus."
        )
    if body.get("protocol", PROTOCOL) != PROTOCOL:
        raise ProbeError(
            f"Der Server spricht die Protokollversion {_text(body['protocol'])}, diese "
            f"OZG-Desk-Version die Version {PROTOCOL}. Aktualisieren Sie OZG-Desk, oder fragen "
            "Sie den Betreiber des Servers."
        )
    return body


def _json(content: bytes) -> dict[str, Any] | None:
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return body if isinstance(body, dict) else None


def _server_says(content: bytes) -> str:
    body = _json(content) or {}
    message = next((body[key] for key in ("message", "detail") if key in body), None)
    return f" Der Server meldet: „{_text(message)}“." if isinstance(message, str) else ""


def _text(value: object) -> str:
    """A server-provided value made safe to show: one line, no control characters, short."""
    text = " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())
    return text if len(text) <= 160 else text[:159] + "…"
