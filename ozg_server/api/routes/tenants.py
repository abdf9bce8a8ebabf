"""The Behörden the server knows, for the Land."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from ozg_desk.protocol import answers
from ozg_desk.protocol.paths import TENANTS
from ozg_server.api.body import StrictRoute
from ozg_server.api.deps import SPOKEN, EngineDep, LandDep
from ozg_server.api.responses import FastJSON, answer
from ozg_server.db import schema
from ozg_server.db.database import read_transaction

router = APIRouter(route_class=StrictRoute, dependencies=SPOKEN)


@router.get(TENANTS, response_model=answers.TenantsAnswer, operation_id="tenants")
def tenants(engine: EngineDep, _land: LandDep) -> FastJSON:
    with read_transaction(engine) as connection:
        rows = connection.execute(select(schema.tenant).order_by(schema.tenant.c.ars))
        return answer(tenants=[{"ars": row.ars, "name": row.name} for row in rows])
