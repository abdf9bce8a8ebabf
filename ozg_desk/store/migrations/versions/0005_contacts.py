"""The Behörde's Ansprechpartner (fachlich, technisch, Redaktion, ePayment) as synced records.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kontakt",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("behoerde_id", sa.String(36), nullable=False),
        sa.Column("rolle", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("funktion", sa.String(200), nullable=True),
        sa.Column("telefon", sa.String(50), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("server_version", sa.Integer, nullable=True),
        sa.Column("deleted", sa.Boolean, server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_kontakt"),
        sa.UniqueConstraint("behoerde_id", "rolle", name="uq_kontakt_behoerde_rolle"),
    )


def downgrade() -> None:
    op.drop_table("kontakt")
