"""The HTTP steps of the connection check: /api/v1/status and /api/v1/whoami via requests."""

from __future__ import annotations

import ssl
from typing import Any

import requests

from ozg_desk import __version__
from ozg_desk.protocol import HEADER, PROTOCOL
from ozg_desk.sync import https
from ozg_desk.sync.connection_check.net import ProbeError, seconds

ROLES = {"behoerde": "Behörde", "land": "Land", "admin": "Verwaltung"}


def open_session(context: ssl.SSLContext, proxy_url: str | None) -> requests.Session:
    """A session that trusts only `context` and uses exactly the proxy chosen by the check."""
    session = https.open_session(context, proxy_url)
    session.headers.update(
        {
            HEADER: str(PROTOCOL),
            "Accept": "application/json",
            "User-Agent": f"OZG-Desk/{__version__}",
        }
    )
    return session


def status(session: requests.Session, base: str, timeout: float) -> str:
    """Ask /api/v1/status; the German result, or ProbeError naming the status code."""
    path = "/api/v1/status"
    _answer(_get(session, base + path, timeout, {}), path)
    return f"Der Server antwortet unter {path} und spricht die Protokollversion {PROTOCOL}."


def whoami(session: requests.Session, base: str, token: str | None, timeout: float) -> str:
    """Ask /api/v1/whoami with the token; for whom and with which role it is valid."""
    token = (token or "").strip()
    if not token:
        raise ProbeError(
            "Es ist kein Zugangsschlüssel eingetragen. Tragen Sie den Zugangsschlüssel ein, den "
            "Sie für Ihre Behörde erhalten haben."
        )
    if not token.isascii() or not token.isprintable() or " " in token:
        # requests would put the whole header value into its error message.
        raise ProbeError(
            "Der Zugangsschlüssel enthält unzulässige Zeichen (etwa Leerzeichen oder Umlaute). "
            "Kopieren Sie ihn erneut, ohne weitere Zeichen."
        )
    path = "/api/v1/whoami"
    response = _get(session, base + path, timeout, {"Authorization": f"Bearer {token}"})
    if response.status_code in {401, 403}:
        raise ProbeError(
            f"Der Zugangsschlüssel ist ungültig oder wurde gesperrt (Statuscode "
            f"{response.status_code}). Bitten Sie die Stelle, die ihn ausgegeben hat, um einen "
            "neuen; Ihre Daten auf diesem Rechner bleiben erhalten."
        )
    body = _answer(response, path)
    tenant, name, role = body.get("tenant"), body.get("tenant_name"), body.get("role")
    if not isinstance(role, str) or (role == "behoerde" and not tenant):
        raise ProbeError(f"Die Antwort auf {path} ist unvollständig: Behörde oder Rolle fehlen.")
    scope = ""
    if tenant and name:
        scope = f" für „{_text(name)}“ (ARS {_text(tenant)})"
    elif tenant:
        scope = f" für die Behörde mit dem ARS {_text(tenant)}"
    label = ROLES.get(role, _text(role))
    return f"Der Zugangsschlüssel gilt{scope} mit der Rolle „{label}“."


def _get(
    session: requests.Session, url: str, timeout: float, headers: dict[str, str]
) -> requests.Response:
    try:
        # No redirects: a proxy login page must be reported, and the token must stay here.
        return session.get(url, headers=headers, timeout=(timeout, timeout), allow_redirects=False)
    except requests.Timeout:
        message = f"Der Server hat nicht innerhalb von {seconds(timeout)} geantwortet."
    except requests.exceptions.ProxyError:
        message = "Die Anfrage über den Proxy ist gescheitert. Versuchen Sie es erneut."
    except requests.exceptions.SSLError:
        message = "Die verschlüsselte Verbindung für die Anfrage ist gescheitert."
    except requests.ConnectionError:
        message = "Die Verbindung zum Server brach während der Anfrage ab."
    except requests.RequestException as error:
        message = f"Die Anfrage ist gescheitert ({type(error).__name__})."
    raise ProbeError(message)


def _answer(response: requests.Response, path: str) -> dict[str, Any]:
    """The JSON object of a successful answer; otherwise ProbeError naming the status code."""
    code = response.status_code
    if code == 426:
        raise ProbeError(
            f"Der Server unterstützt die Protokollversion {PROTOCOL} dieser OZG-Desk-Version "
            f"nicht (Statuscode 426).{_server_says(response)} Aktualisieren Sie OZG-Desk, oder "
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
    body = _json(response)
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


def _json(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _server_says(response: requests.Response) -> str:
    body = _json(response) or {}
    message = next((body[key] for key in ("message", "detail") if key in body), None)
    return f" Der Server meldet: „{_text(message)}“." if isinstance(message, str) else ""


def _text(value: object) -> str:
    """A server-provided value made safe to show: one line, no control characters, short."""
    text = " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())
    return text if len(text) <= 160 else text[:159] + "…"
