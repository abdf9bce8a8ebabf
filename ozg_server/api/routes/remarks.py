"""Remarks of the Land on a Behörde or one of its Anbindungen."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from ozg_desk.protocol import answers
from ozg_desk.protocol.paths import REMARKS
from ozg_desk.protocol.requests import RemarkRequest
from ozg_server.api.body import StrictRoute
from ozg_server.api.deps import SPOKEN, EngineDep, LandDep, ScopeDep
from ozg_server.api.refusals import error
from ozg_server.api.responses import FastJSON, answer
from ozg_server.services.remarks import add_remark

router = APIRouter(route_class=StrictRoute, dependencies=SPOKEN)


@router.post(REMARKS, response_model=answers.RemarkAnswer, operation_id="remark")
async def remark(
    body: RemarkRequest, engine: EngineDep, scope: ScopeDep, _land: LandDep
) -> FastJSON:
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
