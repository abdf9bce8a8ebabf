"""Request plumbing: the protocol header, authentication, and the tenant a request may touch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Header, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select

from ozg_desk.protocol import HEADER, PROTOCOL
from ozg_server import schema
from ozg_server.accounts import Principal, authenticate
from ozg_server.database import read_transaction
from ozg_server.refusals import allowed_methods, error_response


def error(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def spoken_protocol(
    _spoken: Annotated[
        Literal["1"] | None,
        Header(
            alias=HEADER, description="Protokollversion; fehlt sie oder ist sie eine andere: 426"
        ),
    ] = None,
) -> None:
    """Declares the protocol header in the OpenAPI description; `protocol_header` checks it."""


async def protocol_header(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Every API request must speak our protocol version; every response says which it is.
    OPTIONS is answered here with the methods the path takes."""
    path = request.url.path
    if request.method == "OPTIONS":
        allowed = allowed_methods(request)
        if not allowed:
            return error_response(404, "Nicht gefunden.")
        return Response(status_code=204, headers={"Allow": ", ".join(allowed), HEADER: "1"})
    if path.startswith("/api/v1/") and path != "/api/v1/status":
        spoken = request.headers.get(HEADER)
        if spoken != str(PROTOCOL):
            return error_response(
                426,
                "Diese OZG-Desk-Version passt nicht zum Server "
                f"(Protokoll {(spoken or 'unbekannt')[:20]}, Server spricht "
                f"{PROTOCOL}). Bitte OZG-Desk aktualisieren.",
            )
    response = await call_next(request)
    response.headers[HEADER] = str(PROTOCOL)
    return response


@dataclass(frozen=True)
class Scope:
    """The one tenant a request may read or write — decided here, for every endpoint."""

    tenant: str
    principal: Principal


BEARER = HTTPBearer(auto_error=False, description="Zugangsschlüssel (ozgd_…)")


def principal_of(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> Principal:
    engine: Engine = request.app.state.engine
    token = credentials.credentials.strip() if credentials is not None else ""
    principal = authenticate(engine, token) if token else None
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


def land_principal(principal: Annotated[Principal, Depends(principal_of)]) -> Principal:
    """The caller, if a land or admin token (as a dependency, so that the role is refused
    before the body is looked at)."""
    require_role(principal, "land", "admin")
    return principal
