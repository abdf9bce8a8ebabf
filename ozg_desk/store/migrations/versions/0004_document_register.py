"""The document register: generated papers with number, type, template version, checksum and
their way through printing, signing, sending and confirmation.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dokument",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("behoerde_id", sa.String(36), nullable=False),
        sa.Column("nummer", sa.String(20), nullable=False),
        sa.Column("typ", sa.String(60), nullable=False),
        sa.Column("titel", sa.String(200), nullable=False),
        sa.Column("leistungen", sa.JSON, nullable=False),
        sa.Column("vorlage_version", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pruefwert", sa.String(10), nullable=False),
        sa.Column("erstellt_am", sa.String(32), nullable=False),
        sa.Column("zustand", sa.String(20), nullable=False),
        sa.Column("gedruckt_am", sa.String(10), nullable=True),
        sa.Column("unterschrieben_am", sa.String(10), nullable=True),
        sa.Column("versandt_am", sa.String(10), nullable=True),
        sa.Column("bestaetigt_am", sa.String(10), nullable=True),
        sa.Column("bemerkung", sa.Text, nullable=True),
        sa.Column("server_version", sa.Integer, nullable=True),
        sa.Column("deleted", sa.Boolean, server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dokument"),
        sa.UniqueConstraint("behoerde_id", "nummer", name="uq_dokument_behoerde_nummer"),
    )


def downgrade() -> None:
    op.drop_table("dokument")
