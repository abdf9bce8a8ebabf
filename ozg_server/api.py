"""The HTTP API (FastAPI): status, whoami, push, changes, releases, remarks, tenants."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select

from ozg_desk import __version__
from ozg_desk.importers.catalogue import BadRelease, parse_release
from ozg_server import PROTOCOL_VERSION, feed, releases, schema
from ozg_server.accounts import Principal, tenant_name
from ozg_server.database import read_transaction
from ozg_server.http_support import (
    Scope,
    error,
    error_response,
    json_body,
    principal_of,
    protocol_header,
    require_role,
    scope_of,
)
from ozg_server.ledger import now
from ozg_server.push import Device, IdempotencyMismatch, push
from ozg_server.remarks import add_remark
from ozg_server.validation import Operation, Refused, operation_id, parse_operation

MAX_OPS = 200
PrincipalDep = Annotated[Principal, Depends(principal_of)]


def scope_dependency(
    request: Request,
    principal: PrincipalDep,
    tenant: Annotated[str | None, Query(max_length=12)] = None,
) -> Scope:
    return scope_of(request, principal, tenant)


ScopeDep = Annotated[Scope, Depends(scope_dependency)]


class FastJSON(JSONResponse):
    """Plain json.dumps: the answers are already JSON values, FastAPI's encoder is not needed
    (it costs most of the time of a large pull)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def answer(**fields: Any) -> FastJSON:
    return FastJSON({"protocol": PROTOCOL_VERSION, "server_time": now(), **fields})


def create_app(engine: Engine) -> FastAPI:
    """The application over an already migrated database."""
    app = FastAPI(
        title="OZG-Desk-Server",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.middleware("http")(protocol_header)
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))

    @app.get("/api/v1/status")
    def status() -> FastJSON:
        return answer(service="OZG-Desk-Server", version=__version__)

    @app.get("/api/v1/whoami")
    def whoami(principal: PrincipalDep) -> FastJSON:
        name = tenant_name(engine, principal.tenant) if principal.tenant else None
        return answer(
            tenant=principal.tenant, tenant_name=name, role=principal.role, device=principal.device
        )

    @app.post("/api/v1/push")
    async def push_route(request: Request, scope: ScopeDep) -> FastJSON:
        body = await json_body(request)
        raw_ops = body.get("ops")
        device = Device(
            scope.principal.token_id, str(body.get("device_id") or scope.principal.token_id)[:100]
        )
        if not isinstance(raw_ops, list) or len(raw_ops) > MAX_OPS:
            raise error(400, f"Es werden 1 bis {MAX_OPS} Operationen je Anfrage erwartet.")
        operations, refused = _parse_batch(raw_ops)
        try:
            applied = await run_in_threadpool(
                push, engine, scope.tenant, scope.principal.role, device, operations
            )
        except IdempotencyMismatch as mismatch:
            raise error(
                422, f"Die Operation {mismatch} wurde schon mit anderem Inhalt gesendet."
            ) from None
        answers = iter(applied)  # one result per operation, in the order they were sent
        results = [
            refused[index] if index in refused else next(answers) for index in range(len(raw_ops))
        ]
        # No server_time here: a push answer is read by programs only and should stay small.
        return FastJSON({"protocol": PROTOCOL_VERSION, "results": results})

    @app.get("/api/v1/changes")
    def changes(
        scope: ScopeDep,
        since: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=2000)] = 500,
    ) -> FastJSON:
        page = feed.changes(engine, scope.tenant, since, limit)
        return answer(releases=releases.versions(engine), **page)

    @app.get("/api/v1/releases/{kind}")
    def release(
        kind: str, _principal: PrincipalDep, after: Annotated[int, Query(ge=0)] = 0
    ) -> FastJSON:
        if kind not in releases.KINDS:
            raise error(404, "Nicht gefunden.")
        return answer(release=releases.newest(engine, kind, after))

    @app.post("/api/v1/releases/catalogue")
    async def publish_catalogue(request: Request, principal: PrincipalDep) -> FastJSON:
        require_role(principal, "land", "admin")
        body = await json_body(request)
        try:
            parsed = parse_release(body.get("release"))
        except BadRelease as bad:
            raise error(400, str(bad)) from None
        stand = body.get("release", {}).get("stand")
        content = parsed.release(stand if isinstance(stand, str) else None)
        version = await run_in_threadpool(
            releases.publish, engine, "catalogue", content, content["stand"], principal.device
        )
        return answer(version=version, report=parsed.report.as_json())

    @app.post("/api/v1/remarks")
    async def remark(request: Request, scope: ScopeDep) -> FastJSON:
        require_role(scope.principal, "land", "admin")
        body = await json_body(request)
        anbindung = body.get("anbindung_id")
        try:
            stored = await run_in_threadpool(
                add_remark,
                engine,
                scope.tenant,
                str(body.get("text") or ""),
                scope.principal.device,
                anbindung if isinstance(anbindung, str) else None,
            )
        except ValueError as bad:
            raise error(400, str(bad)) from None
        return answer(remark=stored)

    _land_routes(app, engine)
    return app


def _land_routes(app: FastAPI, engine: Engine) -> None:
    @app.get("/api/v1/tenants")
    def tenants(principal: PrincipalDep) -> FastJSON:
        require_role(principal, "land", "admin")
        with read_transaction(engine) as connection:
            rows = connection.execute(select(schema.tenant).order_by(schema.tenant.c.ars))
            return answer(tenants=[{"ars": row.ars, "name": row.name} for row in rows])


def _parse_batch(raw_ops: list[Any]) -> tuple[list[Operation], dict[int, dict[str, Any]]]:
    """The well-formed operations, and a rejection for each malformed one that names its op_id
    (so it never holds up the others); a batch with an op that cannot be named is refused."""
    operations: list[Operation] = []
    refused: dict[int, dict[str, Any]] = {}
    for index, raw in enumerate(raw_ops):
        try:
            operations.append(parse_operation(raw))
        except Refused as refusal:
            op_id = operation_id(raw)
            if op_id is None:
                raise error(400, f"Ungültige Operation: {refusal}") from None
            reason = f"Ungültige Operation: {refusal}"
            refused[index] = {"op_id": op_id, "status": "rejected", "reason": reason}
    return operations, refused
