"""Request plumbing: the protocol header, authentication, and the tenant a request may touch
(the dependencies of the routes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Header, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select
from starlette.types import ASGIApp, Message, Receive, Send
from starlette.types import Scope as ASGIScope

from ozg_desk.protocol import HEADER, PROTOCOL
from ozg_server.api.refusals import allowed_methods, error_response
from ozg_server.db import schema
from ozg_server.db.database import read_transaction
from ozg_server.services.accounts import UNKNOWN_TOKEN, Principal, authenticate


def error(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def spoken_protocol(
    _spoken: Annotated[
        Literal["1"],
        Header(
            alias=HEADER, description="Protokollversion; fehlt sie oder ist sie eine andere: 426"
        ),
    ],
) -> None:
    """Declares the protocol header in the OpenAPI description; `protocol_header` checks it."""


class ProtocolHeader:
    """ASGI middleware: every API request must speak our protocol version, every response says
    which it is; OPTIONS is answered here with the methods the path takes. (Plain ASGI rather
    than Starlette's BaseHTTPMiddleware, which would wrap the body-limit refusal raised while a
    route reads its body, and costs a task per request.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: ASGIScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        if request.method == "OPTIONS":
            allowed = allowed_methods(request)
            if not allowed:
                response: Response = error_response(404, "Nicht gefunden.")
            else:
                headers = {"Allow": ", ".join(allowed), HEADER: str(PROTOCOL)}
                response = Response(status_code=204, headers=headers)
            await response(scope, receive, send)
            return
        if path.startswith("/api/v1/") and path != "/api/v1/status":
            spoken = request.headers.get(HEADER)
            if spoken != str(PROTOCOL):
                refusal = error_response(
                    426,
                    "Diese OZG-Desk-Version passt nicht zum Server "
                    f"(Protokoll {(spoken or 'unbekannt')[:20]}, Server spricht "
                    f"{PROTOCOL}). Bitte OZG-Desk aktualisieren.",
                )
                await refusal(scope, receive, send)
                return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != HEADER.lower().encode()
                ]
                headers.append((HEADER.lower().encode(), str(PROTOCOL).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_header)


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
        raise error(401, UNKNOWN_TOKEN)
    return principal


def scope_of(request: Request, principal: Principal, tenant: str | None) -> Scope:
    """Behörde tokens get their own tenant only; land and admin name one with `tenant`."""
    if principal.role == "behoerde":
        if tenant not in (None, principal.tenant) or principal.tenant is None:
            raise error(404, "Nicht gefunden.")
        return Scope(principal.tenant, principal)
    if tenant is None:
        # Without a Behörde there is no feed to speak of: nothing is found (not a bad request:
        # the same request is right for an Amt's token).
        raise error(404, "Nicht gefunden: bitte die Behörde angeben (Parameter tenant).")
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
