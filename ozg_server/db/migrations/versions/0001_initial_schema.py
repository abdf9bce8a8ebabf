"""Initial server schema: tenants, tokens, records with their feed, history, conflicts, releases.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "release",
        sa.Column("version", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stand", sa.String(length=50), nullable=True),
        sa.Column(
            "content",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_release")),
    )
    with op.batch_alter_table("release", schema=None) as batch_op:
        batch_op.create_index("ix_release_kind_version", ["kind", "version"], unique=False)

    op.create_table(
        "tenant",
        sa.Column("ars", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("ars", name=op.f("pk_tenant")),
    )
    op.create_table(
        "conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column(
            "mine",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "theirs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("my_author", sa.String(length=200), nullable=False),
        sa.Column("my_at", sa.String(length=32), nullable=False),
        sa.Column("my_device", sa.String(length=100), nullable=False),
        sa.Column("their_author", sa.String(length=200), nullable=True),
        sa.Column("their_at", sa.String(length=32), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("resolved_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_conflict_tenant_tenant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict")),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index("ix_conflict_tenant_seq", ["tenant", "seq"], unique=False)

    op.create_table(
        "history",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("anbindung_id", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column(
            "old",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "new",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_history_tenant_tenant")),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_history")),
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.create_index("ix_history_tenant_seq", ["tenant", "seq"], unique=False)

    op.create_table(
        "op_log",
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "response",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_op_log_tenant_tenant")),
        sa.PrimaryKeyConstraint("tenant", "op_id", name=op.f("pk_op_log")),
    )
    op.create_table(
        "record",
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_by", sa.String(length=100), nullable=True),
        sa.Column(
            "fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "field_meta",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_record_tenant_tenant")),
        sa.PrimaryKeyConstraint("tenant", "id", name=op.f("pk_record")),
    )
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.create_index("ix_record_tenant_seq", ["tenant", "seq"], unique=False)

    op.create_table(
        "remark",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("anbindung_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_remark_tenant_tenant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remark")),
    )
    with op.batch_alter_table("remark", schema=None) as batch_op:
        batch_op.create_index("ix_remark_tenant_seq", ["tenant", "seq"], unique=False)

    op.create_table(
        "tenant_counter",
        sa.Column("tenant", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant"], ["tenant.ars"], name=op.f("fk_tenant_counter_tenant_tenant")
        ),
        sa.PrimaryKeyConstraint("tenant", name=op.f("pk_tenant_counter")),
    )
    op.create_table(
        "token",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("tenant", sa.String(length=12), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["tenant"], ["tenant.ars"], name=op.f("fk_token_tenant_tenant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_token_token_hash")),
    )


def downgrade() -> None:

    op.drop_table("token")
    op.drop_table("tenant_counter")
    with op.batch_alter_table("remark", schema=None) as batch_op:
        batch_op.drop_index("ix_remark_tenant_seq")

    op.drop_table("remark")
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_index("ix_record_tenant_seq")

    op.drop_table("record")
    op.drop_table("op_log")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index("ix_history_tenant_seq")

    op.drop_table("history")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index("ix_conflict_tenant_seq")

    op.drop_table("conflict")
    op.drop_table("tenant")
    with op.batch_alter_table("release", schema=None) as batch_op:
        batch_op.drop_index("ix_release_kind_version")

    op.drop_table("release")
