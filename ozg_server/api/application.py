"""The HTTP API (FastAPI): status, whoami, push, changes, releases, remarks, tenants.

Every body is a protocol model (`ozg_desk.protocol`), so `/openapi.json` states what a client
must send and may expect; answers are written as plain JSON (FastAPI's encoder would cost most of
the time of a large pull) and checked against the same models by the test suite.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select

from ozg_desk import __version__
from ozg_desk.importers.catalogue import BadRelease, parse_release
from ozg_desk.protocol import MAX_SEQ, PROTOCOL, answers
from ozg_desk.protocol.operations import UUID_PATTERN
from ozg_desk.protocol.requests import PublishCatalogueRequest, PushRequest, RemarkRequest
from ozg_server.api import refusals
from ozg_server.api.body import BodyLimit, StrictRoute
from ozg_server.api.deps import (
    ProtocolHeader,
    Scope,
    error,
    land_principal,
    principal_of,
    scope_of,
    spoken_protocol,
)
from ozg_server.db import schema
from ozg_server.db.database import read_transaction
from ozg_server.services import feed, releases
from ozg_server.services.accounts import Principal, tenant_name
from ozg_server.services.epochs import HistoryLost, after_loss, check_position
from ozg_server.services.ledger import now
from ozg_server.services.push import Device, IdempotencyMismatch, push
from ozg_server.services.remarks import add_remark
from ozg_server.services.validation import Operation, take_unstorable

PrincipalDep = Annotated[Principal, Depends(principal_of)]
LandDep = Annotated[Principal, Depends(land_principal)]
SPOKEN = [Depends(spoken_protocol)]  # every API call but the status names the protocol
Cursor = Annotated[int, Query(ge=0, le=MAX_SEQ)]
Epoch = Annotated[str | None, Query(pattern=UUID_PATTERN, description="zuletzt gelesene Epoche")]
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": answers.ErrorAnswer, "description": description}
    for status, description in {
        400: "ungültiges JSON oder ungültige Kodierung",
        401: "Zugangsschlüssel fehlt, ist ungültig oder gesperrt",
        403: "Rolle reicht nicht",
        404: "nicht gefunden (auch: Behörde eines anderen Zugangs)",
        405: "Methode nicht erlaubt (der Header Allow nennt die erlaubten)",
        409: "Verlauf des Servers verloren (Rücksicherung): code history_lost",
        413: "Anfrage zu groß",
        415: "Kodierung des Inhalts nicht unterstützt",
        422: "Inhalt verletzt das Schema; bei Push mit den ungültigen Operationen",
        426: "andere Protokollversion",
    }.items()
}


def scope_dependency(
    request: Request,
    principal: PrincipalDep,
    tenant: Annotated[str | None, Query(pattern=r"^[0-9]{12}$")] = None,
) -> Scope:
    return scope_of(request, principal, tenant)


ScopeDep = Annotated[Scope, Depends(scope_dependency)]


class FastJSON(JSONResponse):
    """Plain json.dumps: the answers are already JSON values."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")


def answer(**fields: Any) -> FastJSON:
    return FastJSON({"protocol": PROTOCOL, "server_time": now(), **fields})


def _set_aside(body: Any, request: Request) -> Any:
    kept, taken = take_unstorable(body)
    request.state.unstorable = taken
    return kept


class PushRoute(StrictRoute):
    """The push body: operations with unstorable text are rejected alone (`take_unstorable`)."""

    prepare = staticmethod(_set_aside)


def create_app(engine: Engine) -> FastAPI:
    """The application over an already migrated database."""
    app = FastAPI(
        title="OZG-Desk-Server",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses=ERRORS,
    )
    app.router.route_class = StrictRoute
    app.state.engine = engine
    app.add_middleware(ProtocolHeader)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(BodyLimit)
    refusals.install(app)

    @app.get("/api/v1/status", response_model=answers.StatusAnswer, operation_id="status")
    def status() -> FastJSON:
        return answer(service="OZG-Desk-Server", version=__version__)

    @app.get(
        "/api/v1/whoami",
        response_model=answers.WhoAmIAnswer,
        operation_id="whoami",
        dependencies=SPOKEN,
    )
    def whoami(principal: PrincipalDep) -> FastJSON:
        name = tenant_name(engine, principal.tenant) if principal.tenant else None
        return answer(
            tenant=principal.tenant, tenant_name=name, role=principal.role, device=principal.device
        )

    async def push_route(request: Request, body: PushRequest, scope: ScopeDep) -> FastJSON:
        principal = scope.principal
        placement = await run_in_threadpool(
            check_position,
            engine,
            scope.tenant,
            body.epoch,
            body.seen or 0,
            may_prove=principal.role == "behoerde",
        )
        device = Device(
            principal.token_id,
            body.device_id or principal.token_id,
            principal.role,
            principal.device,
        )
        operations = [Operation.of(op) for op in body.ops]
        try:
            results = await run_in_threadpool(
                push, engine, scope.tenant, device, operations, placement.epoch_start
            )
        except IdempotencyMismatch as mismatch:
            raise error(
                422, f"Die Operation {mismatch} wurde schon mit anderem Inhalt gesendet."
            ) from None
        taken: dict[int, dict[str, str]] = getattr(request.state, "unstorable", {})
        answers_in_order = iter(results)
        total = len(results) + len(taken)
        results = [taken[i] if i in taken else next(answers_in_order) for i in range(total)]
        # No server_time here: a push answer is read by programs only and should stay small.
        return FastJSON({"protocol": PROTOCOL, "results": results, **placement.as_json()})

    app.router.add_api_route(
        "/api/v1/push",
        push_route,
        methods=["POST"],
        response_model=answers.PushAnswer,
        operation_id="push",
        responses={200: {"description": "ein Ergebnis je Operation", "links": PUSH_LINKS}},
        route_class_override=PushRoute,
        dependencies=SPOKEN,
    )

    @app.get(
        "/api/v1/changes",
        response_model=answers.ChangesAnswer,
        operation_id="changes",
        responses={200: {"description": "die nächste Seite", "links": CHANGES_LINKS}},
        dependencies=SPOKEN,
    )
    def changes(
        scope: ScopeDep,
        since: Cursor = 0,
        limit: Annotated[int, Query(ge=1, le=2000)] = 500,
        epoch: Epoch = None,
        seen: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
    ) -> FastJSON:
        try:
            page = feed.changes(engine, scope.tenant, since, limit, epoch=epoch, seen=seen or 0)
        except HistoryLost as lost:
            may_prove = scope.principal.role == "behoerde"
            position = max(since, seen or 0)
            raise after_loss(engine, scope.tenant, lost, position, may_prove=may_prove) from None
        return answer(releases=releases.versions(engine), **page)

    _release_routes(app, engine)
    _land_routes(app, engine)
    return app


def _release_routes(app: FastAPI, engine: Engine) -> None:
    @app.get(
        "/api/v1/releases/{kind}",
        response_model=answers.ReleaseAnswer,
        operation_id="release",
        dependencies=SPOKEN,
    )
    def release(
        kind: Literal["catalogue", "areas", "templates"],
        _principal: PrincipalDep,
        after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    ) -> FastJSON:
        return answer(release=releases.newest(engine, kind, after))

    @app.post(
        "/api/v1/releases/{kind}",
        response_model=answers.PublishAnswer,
        operation_id="publish",
        dependencies=SPOKEN,
    )
    async def publish_catalogue(
        kind: Literal["catalogue"], body: PublishCatalogueRequest, principal: LandDep
    ) -> FastJSON:
        """Only the catalogue is published over HTTP; areas and templates by the admin CLI."""
        sent = body.release.model_dump(mode="json")
        try:
            parsed = parse_release(sent)
        except BadRelease as bad:  # the form is checked above: what is left contradicts itself
            raise error(409, str(bad)) from None
        content = parsed.release(body.release.stand)
        version = await run_in_threadpool(
            releases.publish, engine, "catalogue", content, content["stand"], principal.device
        )
        return answer(version=version, report=parsed.report.as_json())


def _land_routes(app: FastAPI, engine: Engine) -> None:
    @app.post(
        "/api/v1/remarks",
        response_model=answers.RemarkAnswer,
        operation_id="remark",
        dependencies=SPOKEN,
    )
    async def remark(body: RemarkRequest, scope: ScopeDep, _land: LandDep) -> FastJSON:
        try:
            stored = await run_in_threadpool(
                add_remark,
                engine,
                scope.tenant,
                body.text,
                scope.principal.device,
                body.anbindung_id,
            )
        except ValueError as bad:
            raise error(400, str(bad)) from None
        return answer(remark=stored)

    @app.get(
        "/api/v1/tenants",
        response_model=answers.TenantsAnswer,
        operation_id="tenants",
        dependencies=SPOKEN,
    )
    def tenants(_land: LandDep) -> FastJSON:
        with read_transaction(engine) as connection:
            rows = connection.execute(select(schema.tenant).order_by(schema.tenant.c.ars))
            return answer(tenants=[{"ars": row.ars, "name": row.name} for row in rows])


# OpenAPI links, so that a generated client (and schemathesis' stateful phase) can chain a push
# with reading the feed, and one page of the feed with the next.
PUSH_LINKS = {
    "ReadTheFeed": {
        "operationId": "changes",
        "parameters": {"epoch": "$response.body#/epoch"},
        "description": "Die Änderungen lesen, die der Push geschrieben hat.",
    }
}
CHANGES_LINKS = {
    "NextPage": {
        "operationId": "changes",
        "parameters": {"since": "$response.body#/cursor", "epoch": "$response.body#/epoch"},
        "description": "Die nächste Seite ab dem Cursor.",
    }
}
