"""The routes' dependencies, as `Annotated` types: the engine, the caller, the tenant it may
touch, and the protocol header as the OpenAPI description names it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select

from ozg_desk.protocol import HEADER, PROTOCOL
from ozg_server.api.refusals import error
from ozg_server.db import schema
from ozg_server.db.database import read_transaction
from ozg_server.services.accounts import UNKNOWN_TOKEN, Principal, authenticate


def get_engine(request: Request) -> Engine:
    """The database of the application: `create_app` puts it on `app.state`."""
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]


def spoken_protocol(
    _spoken: Annotated[
        str,
        Header(
            alias=HEADER,
            description="Protokollversion; fehlt sie oder ist sie eine andere: 426",
            json_schema_extra={"const": str(PROTOCOL)},  # the version from protocol/, not a copy
        ),
    ],
) -> None:
    """Declares the protocol header in the OpenAPI description; `ProtocolHeader` checks it."""


SPOKEN = [Depends(spoken_protocol)]  # every API call but the status names the protocol
BEARER = HTTPBearer(auto_error=False, description="Zugangsschlüssel (ozgd_…)")


def principal_of(
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> Principal:
    token = credentials.credentials.strip() if credentials is not None else ""
    principal = authenticate(engine, token) if token else None
    if principal is None:
        raise error(401, UNKNOWN_TOKEN)
    return principal


PrincipalDep = Annotated[Principal, Depends(principal_of)]


def require_role(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise error(403, "Dafür fehlt diesem Zugang die Berechtigung.")


def land_principal(principal: PrincipalDep) -> Principal:
    """The caller, if a land or admin token (as a dependency, so that the role is refused
    before the body is looked at)."""
    require_role(principal, "land", "admin")
    return principal


LandDep = Annotated[Principal, Depends(land_principal)]


@dataclass(frozen=True)
class Scope:
    """The one tenant a request may read or write — decided here, for every endpoint."""

    tenant: str
    principal: Principal


def scope_of(
    engine: EngineDep,
    principal: PrincipalDep,
    tenant: Annotated[str | None, Query(pattern=r"^[0-9]{12}$")] = None,
) -> Scope:
    """Behörde tokens get their own tenant only; land and admin name one with `tenant`."""
    if principal.role == "behoerde":
        if tenant not in (None, principal.tenant) or principal.tenant is None:
            raise error(404, "Nicht gefunden.")
        return Scope(principal.tenant, principal)
    if tenant is None:
        # Without a Behörde there is no feed to speak of: nothing is found (not a bad request:
        # the same request is right for an Amt's token).
        raise error(404, "Nicht gefunden: bitte die Behörde angeben (Parameter tenant).")
    with read_transaction(engine) as connection:
        known = connection.execute(
            select(schema.tenant.c.ars).where(schema.tenant.c.ars == tenant)
        ).first()
    if known is None:
        raise error(404, "Nicht gefunden.")
    return Scope(tenant, principal)


ScopeDep = Annotated[Scope, Depends(scope_of)]
