"""Server configuration: database URL from the environment, else SQLite in the data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATABASE_URL = "OZG_SERVER_DATABASE_URL"


@dataclass(frozen=True)
class ServerConfig:
    """Where the server keeps its data."""

    database_url: str
    data_dir: Path

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_config(data_dir: Path | None = None, database_url: str | None = None) -> ServerConfig:
    """PostgreSQL when `OZG_SERVER_DATABASE_URL` is set (production), else a local SQLite file."""
    root = data_dir or Path(platformdirs.user_data_dir("OZG-Desk-Server", appauthor=False))
    root = root.expanduser()
    root.mkdir(parents=True, exist_ok=True)
    url = database_url or os.environ.get(ENV_DATABASE_URL) or ""
    if not url:
        url = f"sqlite+pysqlite:///{root / 'ozg-desk-server.sqlite'}"
    elif url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3
    return ServerConfig(database_url=url, data_dir=root.resolve())
