"""Who sent a history entry (the token's role and device), and the working tables of a
recovery after the server lost history (docs/sync-protocol.md, "Restore").

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history") as batch_op:
        batch_op.add_column(sa.Column("via_role", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("via_device", sa.String(200), nullable=True))
    op.create_table(
        "recovery_record",
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("old_version", sa.Integer, nullable=False),
        sa.Column("server_version", sa.Integer, nullable=True),
        sa.Column("server_deleted", sa.Boolean, nullable=True),
        sa.Column("server_fields", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("entity_id", name="pk_recovery_record"),
    )
    op.create_table(
        "recovery_history",
        sa.Column("id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recovery_history"),
    )
    # The highest version this PC has seen is at least its feed cursor: the server checks it,
    # so a PC that synced with an older version notices a restore as well.
    op.execute(
        "INSERT INTO meta (key, value) SELECT 'sync_seen', value FROM meta "
        "WHERE key = 'sync_cursor' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'sync_seen')"
    )


def downgrade() -> None:
    op.drop_table("recovery_history")
    op.drop_table("recovery_record")
    with op.batch_alter_table("history") as batch_op:
        batch_op.drop_column("via_device")
        batch_op.drop_column("via_role")
