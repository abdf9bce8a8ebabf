"""Feed epoch per tenant (for restores) and the sending token's role and device per history entry.

Revision ID: 0002
Revises: 0001
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenant_counter") as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("epoch_start", sa.BigInteger(), nullable=False, server_default="0")
        )
    counter = sa.table("tenant_counter", sa.column("tenant", sa.String), sa.column("epoch"))
    connection = op.get_bind()
    for (tenant,) in connection.execute(sa.select(counter.c.tenant)).all():
        connection.execute(
            counter.update().where(counter.c.tenant == tenant).values(epoch=str(uuid.uuid4()))
        )
    with op.batch_alter_table("tenant_counter") as batch_op:
        batch_op.alter_column("epoch", existing_type=sa.String(length=36), nullable=False)
    with op.batch_alter_table("history") as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("device", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("history") as batch_op:
        batch_op.drop_column("device")
        batch_op.drop_column("role")
    with op.batch_alter_table("tenant_counter") as batch_op:
        batch_op.drop_column("epoch_start")
        batch_op.drop_column("epoch")
