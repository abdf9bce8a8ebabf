"""The floor of server_load: a minimal FastAPI app, one PostgreSQL transaction per request."""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy import create_engine, text

# The same pool as the real server (ozg_server.db.database.make_engine), so that the two differ
# only in what a request does.
POOL = {"pool_size": 20, "max_overflow": 20, "pool_pre_ping": True, "pool_timeout": 30}


def prepare(database_url: str, tenants: list[str]) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE IF NOT EXISTS floor_counter (tenant text PRIMARY KEY, n bigint)")
        )
        connection.execute(
            text("INSERT INTO floor_counter VALUES (:tenant, 0) ON CONFLICT DO NOTHING"),
            [{"tenant": tenant} for tenant in tenants],
        )
    engine.dispose()


def app() -> FastAPI:
    """Factory for uvicorn: push writes one row, changes reads it, each in one transaction."""
    engine = create_engine(os.environ["OZG_SERVER_DATABASE_URL"], **POOL)
    floor = FastAPI()

    def tenant_of(request: Request) -> str:
        return request.headers.get("authorization", "").rpartition(" ")[2]

    @floor.post("/api/v1/push")
    def push(request: Request, body: dict[str, Any]) -> dict[str, Any]:
        with engine.begin() as connection:
            seq = connection.execute(
                text("UPDATE floor_counter SET n = n + 1 WHERE tenant = :t RETURNING n"),
                {"t": tenant_of(request)},
            ).scalar_one()
        return {"results": [{"op_id": op.get("op_id"), "version": seq} for op in body["ops"]]}

    @floor.get("/api/v1/changes")
    def changes(request: Request, since: int = 0) -> dict[str, Any]:
        with engine.begin() as connection:
            seq = connection.execute(
                text("SELECT n FROM floor_counter WHERE tenant = :t"), {"t": tenant_of(request)}
            ).scalar_one()
        return {"cursor": max(since, seq), "changes": []}

    @floor.get("/api/v1/status")
    def status() -> dict[str, str]:
        return {"service": "floor"}

    return floor
