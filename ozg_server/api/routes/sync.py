"""What the sync client calls: status, whoami, push, and the feed of changes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from ozg_desk import __version__
from ozg_desk.protocol import MAX_SEQ, PROTOCOL, answers
from ozg_desk.protocol.operations import UUID_PATTERN
from ozg_desk.protocol.paths import CHANGES, PUSH, STATUS, WHOAMI
from ozg_desk.protocol.requests import PushRequest
from ozg_server.api.body import StrictRoute
from ozg_server.api.deps import SPOKEN, EngineDep, PrincipalDep, ScopeDep
from ozg_server.api.refusals import error
from ozg_server.api.responses import FastJSON, answer
from ozg_server.services import feed, releases
from ozg_server.services.accounts import tenant_name
from ozg_server.services.epochs import HistoryLost, after_loss, check_position
from ozg_server.services.push import Device, IdempotencyMismatch, push
from ozg_server.services.validation import Operation, take_unstorable

router = APIRouter(route_class=StrictRoute)

Cursor = Annotated[int, Query(ge=0, le=MAX_SEQ)]
Epoch = Annotated[str | None, Query(pattern=UUID_PATTERN, description="zuletzt gelesene Epoche")]
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


def _set_aside(body: Any, request: Request) -> Any:
    kept, taken = take_unstorable(body)
    request.state.unstorable = taken
    return kept


class PushRoute(StrictRoute):
    """The push body: operations with unstorable text are rejected alone (`take_unstorable`)."""

    prepare = staticmethod(_set_aside)


@router.get(STATUS, response_model=answers.StatusAnswer, operation_id="status")
def status() -> FastJSON:
    return answer(service="OZG-Desk-Server", version=__version__)


@router.get(WHOAMI, response_model=answers.WhoAmIAnswer, operation_id="whoami", dependencies=SPOKEN)
def whoami(engine: EngineDep, principal: PrincipalDep) -> FastJSON:
    name = tenant_name(engine, principal.tenant) if principal.tenant else None
    return answer(
        tenant=principal.tenant, tenant_name=name, role=principal.role, device=principal.device
    )


async def push_route(
    request: Request, body: PushRequest, engine: EngineDep, scope: ScopeDep
) -> FastJSON:
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


# Added by hand rather than by decorator: only add_api_route takes a route class of its own.
router.add_api_route(
    PUSH,
    push_route,
    methods=["POST"],
    response_model=answers.PushAnswer,
    operation_id="push",
    responses={200: {"description": "ein Ergebnis je Operation", "links": PUSH_LINKS}},
    route_class_override=PushRoute,
    dependencies=SPOKEN,
)


@router.get(
    CHANGES,
    response_model=answers.ChangesAnswer,
    operation_id="changes",
    responses={200: {"description": "die nächste Seite", "links": CHANGES_LINKS}},
    dependencies=SPOKEN,
)
def changes(
    engine: EngineDep,
    scope: ScopeDep,
    *,  # the query parameters, by name only
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
