"""The Behörde's own records (Behörde, Gemeinden, Anbindungen, checklist), history and outbox.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("server_version", sa.Integer, nullable=True),
        sa.Column("deleted", sa.Boolean, server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    ]


def _text(name: str, length: int = 200) -> sa.Column[object]:
    return sa.Column(name, sa.String(length), nullable=True)


def upgrade() -> None:
    op.create_table(
        "behoerde",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("ars", sa.String(12), nullable=False),
        sa.Column("typ", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        _text("strasse"),
        _text("plz", 5),
        _text("ort"),
        _text("funktionspostfach"),
        _text("telefon", 50),
        *(
            _text(f"{role}_{part}")
            for role in ("amtsvorsteher", "stellvertreter", "lvb")
            for part in ("name", "titel")
        ),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_behoerde"),
        sa.UniqueConstraint("ars", name="uq_behoerde_ars"),
    )
    op.create_table(
        "gemeinde",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("behoerde_id", sa.String(36), nullable=False),
        sa.Column("ars", sa.String(12), nullable=False),
        sa.Column("ags", sa.String(8), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_gemeinde"),
        sa.ForeignKeyConstraint(
            ["behoerde_id"], ["behoerde.id"], name="fk_gemeinde_behoerde_id_behoerde"
        ),
        sa.UniqueConstraint("behoerde_id", "ars", name="uq_gemeinde_behoerde_ars"),
    )
    op.create_table(
        "anbindung",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("behoerde_id", sa.String(36), nullable=False),
        sa.Column("ozg_id", sa.String(5), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("status_begruendung", sa.Text, nullable=True),
        _text("zieltermin", 10),
        _text("golive_datum", 10),
        _text("prioritaet", 20),
        sa.Column("fallzahl", sa.Integer, nullable=True),
        _text("verantwortlich"),
        _text("nachnutzungsmodell", 40),
        _text("empfangskanal", 40),
        sa.Column("kanal_details", sa.JSON, nullable=False),
        sa.Column("alle_gemeinden", sa.Boolean, nullable=False),
        sa.Column("gemeinden", sa.JSON, nullable=False),
        sa.Column("reifegrad", sa.Integer, nullable=True),
        _text("reifegrad_modell", 10),
        sa.Column("nachweis_link", sa.Text, nullable=True),
        sa.Column("nachweis_notiz", sa.Text, nullable=True),
        _text("nachweis_datum", 10),
        sa.Column("notizen", sa.Text, nullable=True),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_anbindung"),
        sa.ForeignKeyConstraint(
            ["behoerde_id"], ["behoerde.id"], name="fk_anbindung_behoerde_id_behoerde"
        ),
        sa.UniqueConstraint("behoerde_id", "ozg_id", name="uq_anbindung_behoerde_ozg"),
    )
    op.create_table(
        "checklist_item",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("anbindung_id", sa.String(36), nullable=False),
        _text("key", 50),
        sa.Column("titel", sa.String(200), nullable=False),
        sa.Column("zustand", sa.String(20), nullable=False),
        _text("faellig", 10),
        _text("erledigt_am", 10),
        sa.Column("notiz", sa.Text, nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_item"),
        sa.ForeignKeyConstraint(
            ["anbindung_id"], ["anbindung.id"], name="fk_checklist_item_anbindung_id_anbindung"
        ),
    )
    op.create_index("ix_checklist_item_anbindung_id", "checklist_item", ["anbindung_id"])
    op.create_table(
        "history",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("anbindung_id", sa.String(36), nullable=True),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("old", sa.JSON, nullable=True),
        sa.Column("new", sa.JSON, nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_history"),
    )
    op.create_index("ix_history_anbindung_at", "history", ["anbindung_id", "at"])
    op.create_index("ix_history_entity", "history", ["entity", "entity_id"])
    # The history is append-only: the database itself refuses changes and deletions.
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER history_no_{action.lower()} BEFORE {action} ON history "
            "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END"
        )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("base_version", sa.Integer, nullable=True),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("history_ids", sa.JSON, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("state", sa.String(12), server_default="pending", nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("op_id", name="uq_outbox_op_id"),
    )
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"])


def downgrade() -> None:
    op.drop_table("outbox")
    op.execute("DROP TRIGGER IF EXISTS history_no_update")
    op.execute("DROP TRIGGER IF EXISTS history_no_delete")
    for name in ("history", "checklist_item", "anbindung", "gemeinde", "behoerde"):
        op.drop_table(name)
