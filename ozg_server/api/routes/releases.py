"""Releases of catalogue, areas and templates: the newest for everyone, the catalogue
published by the Land."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from ozg_desk.importers.catalogue import BadRelease, parse_release
from ozg_desk.protocol import MAX_SEQ, answers
from ozg_desk.protocol.paths import RELEASES
from ozg_desk.protocol.requests import PublishCatalogueRequest
from ozg_server.api.body import StrictRoute
from ozg_server.api.deps import SPOKEN, EngineDep, LandDep, PrincipalDep
from ozg_server.api.refusals import error
from ozg_server.api.responses import FastJSON, answer
from ozg_server.services import releases

router = APIRouter(route_class=StrictRoute, dependencies=SPOKEN)


@router.get(RELEASES, response_model=answers.ReleaseAnswer, operation_id="release")
def release(
    kind: Literal["catalogue", "areas", "templates"],
    engine: EngineDep,
    _principal: PrincipalDep,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
) -> FastJSON:
    return answer(release=releases.newest(engine, kind, after))


@router.post(RELEASES, response_model=answers.PublishAnswer, operation_id="publish")
async def publish_catalogue(
    kind: Literal["catalogue"], body: PublishCatalogueRequest, engine: EngineDep, principal: LandDep
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
