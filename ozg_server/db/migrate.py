"""Apply the server's migrations at start-up; refuse a database written by a newer server."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from ozg_desk.app.errors import KnownError

MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_KEY = 0x0D65  # advisory lock so that two server processes never migrate at once


class DatabaseTooNew(KnownError):
    """The database has a schema revision this server does not know."""


def upgrade(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    with engine.connect() as plain:
        connection = plain.execution_options(ozg_server_write=True)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")
            current = MigrationContext.configure(connection).get_current_revision()
            if current is not None and current not in known:
                raise DatabaseTooNew(
                    f"Die Serverdatenbank hat den Schemastand {current}, den dieser Server nicht "
                    "kennt. Bitte den Server aktualisieren; die Datenbank bleibt unverändert."
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
