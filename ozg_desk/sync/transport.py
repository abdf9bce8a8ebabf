"""HTTP transport of the sync client: TLS through the system's trust store, a timeout on every
request, retries with backoff where safe, and an overall deadline per round.

Every request of the protocol may be repeated: pushes carry idempotency keys, pulls are reads.
"""

from __future__ import annotations

import gzip
import json
import random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
import urllib3

from ozg_desk import __version__
from ozg_desk.protocol import HEADER, MAX_SEQ, PROTOCOL
from ozg_desk.protocol.paths import WHOAMI, url
from ozg_desk.sync import https
from ozg_desk.sync.errors import (
    AuthenticationFailed,
    BadServerResponse,
    CertificateRejected,
    DeadlineExceeded,
    HistoryLost,
    NotConfigured,
    Offline,
    ProtocolMismatch,
    ServerFailed,
)

RETRY_STATUS = frozenset({502, 503, 504})
COMPRESS_FROM = 512
MAX_RESPONSE = 100 * 1024 * 1024  # decoded; a full catalogue release is about 5 MB
_CHUNK = 64 * 1024
MAX_TOKEN = 200
WHOAMI_URL = url(WHOAMI)


class TimedOut(Offline):
    """The server did not answer within the timeout (the connection check says so)."""


class ProxyRefused(Offline):
    """The proxy failed the request."""


@dataclass(frozen=True)
class Reply:
    """A successful JSON answer."""

    status: int
    data: dict[str, Any]


@dataclass(frozen=True)
class Identity:
    """What the server says about a token."""

    tenant: str | None
    tenant_name: str | None
    role: str


def token_problem(token: str | None) -> str | None:
    """Why a token cannot be right, in German; None if its form is fine (the server decides)."""
    token = (token or "").strip()
    if not token:
        return (
            "Es ist kein Zugangsschlüssel eingetragen. Tragen Sie den Zugangsschlüssel ein, den "
            "Sie für Ihre Behörde erhalten haben."
        )
    if (
        len(token) > MAX_TOKEN
        or not (token.isascii() and token.isprintable())
        or any(character.isspace() for character in token)
    ):
        # Checked before sending: requests would put the whole header value into its error.
        return (
            "Der Zugangsschlüssel enthält unzulässige Zeichen (etwa Leerzeichen oder Umlaute). "
            "Kopieren Sie ihn erneut, ohne weitere Zeichen."
        )
    return None


def identity_of(data: Mapping[str, Any]) -> Identity:
    """The answer of /api/v1/whoami; BadServerResponse if it lacks the Behörde or the role."""
    tenant, name, role = data.get("tenant"), data.get("tenant_name"), data.get("role")
    if not isinstance(role, str) or (role == "behoerde" and not tenant):
        raise BadServerResponse(
            f"Die Antwort auf {WHOAMI_URL} ist unvollständig: Behörde oder Rolle fehlen."
        )
    return Identity(
        tenant if isinstance(tenant, str) else None, name if isinstance(name, str) else None, role
    )


def whoami(transport: Transport, deadline: float) -> Identity:
    """For whom and with which role the transport's token is valid."""
    return identity_of(transport.request("GET", WHOAMI_URL, deadline=deadline).data)


class Transport(Protocol):
    """What the sync engine needs from the network (tests pass in fakes)."""

    def request(
        self,
        method: str,
        path: str,
        *,
        deadline: float,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
    ) -> Reply: ...


def check_server_url(url: str) -> str:
    """https is required; plain http only for a server on this machine."""
    parts = urlsplit(url.strip())
    local = parts.hostname in {"localhost", "127.0.0.1", "::1"}
    if (
        parts.scheme not in ("https", "http")
        or not parts.hostname
        or (parts.scheme == "http" and not local)
    ):
        raise NotConfigured(f"„{url}“ ist keine gültige Serveradresse (https://…).")
    return url.strip().rstrip("/")


class HttpTransport:
    """requests-based transport; the token lives only in memory here (never logged).

    Without a token the requests carry no Authorization (the connection check asks the status
    before it looks at the token).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        proxy: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        max_response: int = MAX_RESPONSE,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        attempts: int = 4,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = check_server_url(base_url)
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.attempts, self.clock, self.sleep = attempts, clock, sleep
        self.max_response = max_response
        self.session = https.open_session(
            ssl_context or https.system_context(), https.proxy_for(self.base_url, proxy)
        )
        self.session.headers.update(
            {
                "User-Agent": f"OZG-Desk/{__version__}",
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
                HEADER: str(PROTOCOL),
            }
        )
        if token is not None:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        deadline: float,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
    ) -> Reply:
        data, headers = None, {}
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if len(data) >= COMPRESS_FROM:
                data = gzip.compress(data, compresslevel=6)
                headers["Content-Encoding"] = "gzip"
        status, content = self.exchange(
            method, path, params=params, data=data, headers=headers, deadline=deadline
        )
        return Reply(_checked(status, content), _json_object(content))

    def exchange(
        self,
        method: str,
        path: str,
        *,
        deadline: float,
        params: Mapping[str, object] | None = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Status and decoded body of any answer; only the network's failures raise here.

        Retries 502-504 and lost connections; the connection check reads the status itself."""
        delay = 0.5
        for attempt in range(1, self.attempts + 1):
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise _too_long()
            timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    params={key: str(value) for key, value in (params or {}).items()},
                    data=data,
                    headers=dict(headers or {}),
                    timeout=timeout,
                    # The token must not follow a redirect, and a proxy's login page is an
                    # error to report, not an answer.
                    allow_redirects=False,
                    stream=True,  # read below in chunks: capped in size and bound to the deadline
                )
                with response:
                    content = self._content(response, deadline)
            except requests.exceptions.SSLError:
                raise CertificateRejected(
                    "Das Zertifikat des Servers wurde nicht akzeptiert. Bitte „Verbindung "
                    "testen“ aufrufen oder die IT fragen (Stammzertifikat eines Proxys?)."
                ) from None
            except requests.exceptions.ProxyError:
                failure: Offline = ProxyRefused("Der Proxy hat die Verbindung abgelehnt.")
            except requests.exceptions.Timeout:
                failure = TimedOut(_OFFLINE)
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
                failure = Offline(_OFFLINE)
            else:
                if response.status_code not in RETRY_STATUS or attempt == self.attempts:
                    return response.status_code, content
                failure = Offline(
                    f"Der Server ist vorübergehend nicht verfügbar (HTTP {response.status_code})."
                )
            if attempt == self.attempts:
                raise failure
            pause = min(delay * (1 + random.random()), max(0.0, deadline - self.clock()))
            self.sleep(pause)
            delay *= 2
        raise AssertionError("unreachable")

    def _content(self, response: requests.Response, deadline: float) -> bytes:
        """The decoded body, refusing one that is too large or arrives too slowly."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_response:
            raise _too_large()
        chunks, size = [], 0
        try:
            # read1 returns what one read of the socket brings; iter_content would wait for a
            # whole chunk and never look at the clock while a server trickles bytes.
            while chunk := response.raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > self.max_response:
                    raise _too_large()
                if self.clock() > deadline:
                    raise _too_long()
                chunks.append(chunk)
        except urllib3.exceptions.DecodeError:
            raise BadServerResponse("Die Antwort des Servers ist beschädigt.") from None
        except urllib3.exceptions.HTTPError as error:  # cut off or timed out mid-answer
            raise requests.exceptions.ConnectionError(str(error)) from None
        return b"".join(chunks)


_OFFLINE = (
    "Der Server ist nicht erreichbar (offline?). Die Änderungen bleiben gespeichert und werden "
    "später übertragen."
)


def _too_long() -> DeadlineExceeded:
    return DeadlineExceeded(
        "Die Synchronisation hat zu lange gedauert und wurde abgebrochen; sie wird später "
        "fortgesetzt."
    )


def _too_large() -> BadServerResponse:
    return BadServerResponse("Die Antwort des Servers ist unplausibel groß.")


def _checked(status: int, content: bytes) -> int:
    """The status of a successful answer; otherwise the error it stands for, in German."""
    if 200 <= status < 300:
        return status
    details = _error_answer(content)
    message = _server_message(details)
    if status == 401:
        raise AuthenticationFailed(
            "Der Zugangsschlüssel wurde vom Server abgelehnt (ungültig oder gesperrt). Bitte "
            "einen neuen Schlüssel eintragen; lokale Daten bleiben erhalten."
        )
    if status == 426:
        raise ProtocolMismatch(
            message or "Client und Server sprechen verschiedene Protokollversionen."
        )
    if status == 409 and details.get("code") == "history_lost":
        epoch, start = details.get("epoch"), details.get("epoch_start")
        if isinstance(epoch, str) and len(epoch) == 36 and _is_version(start):
            assert isinstance(start, int)
            raise HistoryLost(message or "Der Server hat einen älteren Stand.", epoch, start)
        raise BadServerResponse("Der Server meldet einen verlorenen Verlauf ohne neue Epoche.")
    raise ServerFailed(
        message or f"Der Server meldet einen Fehler (HTTP {status}).", status, details
    )


def _is_version(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEQ


def _json_object(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadServerResponse("Die Antwort des Servers ist kein gültiges JSON.") from None
    if not isinstance(data, dict) or data.get("protocol") != PROTOCOL:
        raise BadServerResponse("Die Antwort des Servers hat eine unbekannte Form.")
    return data


def _error_answer(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _server_message(details: Mapping[str, Any]) -> str | None:
    message = details.get("error")
    return str(message)[:500] if isinstance(message, str) and message else None
