"""The HTTP API (FastAPI): assembles middleware, refusals and the routers of `api.routes`.

Every body is a protocol model (`ozg_desk.protocol`), so `/openapi.json` states what a client
must send and may expect.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine

from ozg_desk import __version__
from ozg_desk.protocol.paths import API
from ozg_server.api import refusals
from ozg_server.api.body import BodyLimit, StrictRoute
from ozg_server.api.middleware import ProtocolHeader
from ozg_server.api.routes import releases, remarks, sync, tenants


def create_app(engine: Engine) -> FastAPI:
    """The application over an already migrated database."""
    app = FastAPI(
        title="OZG-Desk-Server",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses=refusals.ERRORS,
    )
    app.router.route_class = StrictRoute  # also for a route added to the app itself
    app.state.engine = engine  # read by deps.get_engine
    app.add_middleware(ProtocolHeader)
    app.add_middleware(GZipMiddleware, minimum_size=500)
    app.add_middleware(BodyLimit)
    refusals.install(app)
    for resource in (sync, releases, remarks, tenants):
        app.include_router(resource.router, prefix=API)
    return app
