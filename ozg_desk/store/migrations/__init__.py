"""Alembic migrations of the local store (applied at start-up by `ozg_desk.store.migrate`)."""
