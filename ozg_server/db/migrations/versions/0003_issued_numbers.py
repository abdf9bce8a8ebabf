"""The numbers a tenant's counter handed out, so that a client's position can be checked.

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
    op.create_table(
        "issued",
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_issued_tenant_tenant")),
        sa.PrimaryKeyConstraint("tenant", "seq", name=op.f("pk_issued")),
    )
    # A client's cursor is the number of a feed row or the counter's; older rejected
    # operations left no row, but no cursor can name them.
    op.execute(
        "INSERT INTO issued (tenant, seq) "
        "SELECT tenant, seq FROM record UNION SELECT tenant, seq FROM history "
        "UNION SELECT tenant, seq FROM conflict UNION SELECT tenant, seq FROM remark "
        "UNION SELECT tenant, seq FROM tenant_counter WHERE seq > 0 "
        "UNION SELECT tenant, epoch_start FROM tenant_counter WHERE epoch_start > 0"
    )


def downgrade() -> None:
    op.drop_table("issued")
