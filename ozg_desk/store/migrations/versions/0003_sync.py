"""Sync: conflicts and remarks received from the server, conflict resolutions in the outbox,
and no foreign keys between synced records (the feed may bring a child before its parent).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table, constraint in (
        ("gemeinde", "fk_gemeinde_behoerde_id_behoerde"),
        ("anbindung", "fk_anbindung_behoerde_id_behoerde"),
        ("checklist_item", "fk_checklist_item_anbindung_id_anbindung"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(constraint, type_="foreignkey")
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("resolves", sa.JSON, server_default="[]", nullable=False))
    op.create_table(
        "conflict",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("mine", sa.JSON, nullable=True),
        sa.Column("theirs", sa.JSON, nullable=True),
        sa.Column("my_author", sa.String(200), nullable=False),
        sa.Column("my_at", sa.String(32), nullable=False),
        sa.Column("my_device", sa.String(100), nullable=True),
        sa.Column("their_author", sa.String(200), nullable=True),
        sa.Column("their_at", sa.String(32), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conflict"),
    )
    op.create_index("ix_conflict_state", "conflict", ["state"])
    op.create_table(
        "remark",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("anbindung_id", sa.String(36), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_remark"),
    )


def downgrade() -> None:
    op.drop_table("remark")
    op.drop_index("ix_conflict_state", "conflict")
    op.drop_table("conflict")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("resolves")
