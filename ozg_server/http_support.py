"""Request plumbing: German errors, gzip request bodies, the protocol header, authentication."""

from __future__ import annotations

import json
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, select

from ozg_desk.protocol import HEADER
from ozg_server import PROTOCOL_VERSION, schema
from ozg_server.accounts import Principal, authenticate
from ozg_server.database import read_transaction

MAX_BODY = 20 * 1024 * 1024


def error(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse(
        {"protocol": PROTOCOL_VERSION, "error": message},
        status_code=status,
        headers={HEADER: str(PROTOCOL_VERSION)},
    )


async def protocol_header(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Every API request must speak our protocol version; every response says which it is."""
    path = request.url.path
    if path.startswith("/api/v1/") and path != "/api/v1/status":
        spoken = request.headers.get(HEADER)
        if spoken != str(PROTOCOL_VERSION):
            return error_response(
                426,
                "Diese OZG-Desk-Version passt nicht zum Server "
                f"(Protokoll {spoken or 'unbekannt'}, Server spricht "
                f"{PROTOCOL_VERSION}). Bitte OZG-Desk aktualisieren.",
            )
    response = await call_next(request)
    response.headers[HEADER] = str(PROTOCOL_VERSION)
    return response


async def json_body(request: Request) -> dict[str, Any]:
    """The JSON object in the body (gzip allowed), size-limited; 400 otherwise."""
    body = await request.body()
    if len(body) > MAX_BODY:
        raise error(413, "Die Anfrage ist zu groß.")
    if request.headers.get("content-encoding", "").lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, MAX_BODY)
        except zlib.error:
            raise error(400, "Der komprimierte Inhalt ist beschädigt.") from None
        if inflater.unconsumed_tail:
            raise error(413, "Die Anfrage ist zu groß.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise error(400, "Der Inhalt ist kein gültiges JSON.") from None
    if not isinstance(data, dict):
        raise error(400, "Der Inhalt muss ein JSON-Objekt sein.")
    if data.get("protocol", PROTOCOL_VERSION) != PROTOCOL_VERSION:  # the header may have lied
        raise error(426, "Der Inhalt ist in einer anderen Protokollversion geschrieben.")
    return data


@dataclass(frozen=True)
class Scope:
    """The one tenant a request may read or write — decided here, for every endpoint."""

    tenant: str
    principal: Principal


def principal_of(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    engine: Engine = request.app.state.engine
    principal = authenticate(engine, token.strip()) if scheme.lower() == "bearer" else None
    if principal is None:
        raise error(401, "Der Zugangsschlüssel ist ungültig oder wurde gesperrt.")
    return principal


def scope_of(request: Request, principal: Principal, tenant: str | None) -> Scope:
    """Behörde tokens get their own tenant only; land and admin name one with `tenant`."""
    if principal.role == "behoerde":
        if tenant not in (None, principal.tenant) or principal.tenant is None:
            raise error(404, "Nicht gefunden.")
        return Scope(principal.tenant, principal)
    if tenant is None:
        raise error(400, "Bitte die Behörde angeben (Parameter tenant).")
    engine: Engine = request.app.state.engine
    with read_transaction(engine) as connection:
        known = connection.execute(
            select(schema.tenant.c.ars).where(schema.tenant.c.ars == tenant)
        ).first()
    if known is None:
        raise error(404, "Nicht gefunden.")
    return Scope(tenant, principal)


def require_role(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise error(403, "Dafür fehlt diesem Zugang die Berechtigung.")
