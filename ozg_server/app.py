"""Build the ready-to-serve application: engine, migrations, API."""

from __future__ import annotations

from fastapi import FastAPI

from ozg_server.api.application import create_app
from ozg_server.config import ServerConfig
from ozg_server.db.database import make_engine
from ozg_server.db.migrate import upgrade


def build_app(config: ServerConfig) -> FastAPI:
    engine = make_engine(config)
    upgrade(engine)
    return create_app(engine)
