"""The inputs of the Kennzahlen on every Anbindung (usage, minutes per case, Laufbahngruppe,
Wegezeit, costs, satisfaction) and the Behörde's own hourly rates and overhead switch (docs:
kennzahlen). All optional: a missing value is left out of a figure, never counted as zero.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("fallzahl_quelle", sa.Text),
    ("online_antraege", sa.Integer),
    ("online_antraege_jahr", sa.Integer),
    ("minuten_papier", sa.Integer),
    ("minuten_online", sa.Integer),
    ("laufbahngruppe", lambda: sa.String(40)),
    ("wegezeit_ebene", lambda: sa.String(40)),
    ("wartezeit_minuten", sa.Integer),
    ("sachkosten_je_fall", sa.Float),
    ("kosten_einmalig", sa.Float),
    ("kosten_jaehrlich", sa.Float),
    ("zufriedenheit", sa.Float),
    ("zufriedenheit_n", sa.Integer),
    ("zufriedenheit_quelle", sa.Text),
    ("zufriedenheit_datum", lambda: sa.String(10)),
)


RATES = ("stundensatz_einfach_mittel", "stundensatz_gehoben", "stundensatz_hoeher")


def upgrade() -> None:
    with op.batch_alter_table("anbindung") as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind(), nullable=True))
    with op.batch_alter_table("behoerde") as batch_op:
        for name in RATES:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("gemeinkosten", sa.Boolean(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("behoerde") as batch_op:
        batch_op.drop_column("gemeinkosten")
        for name in reversed(RATES):
            batch_op.drop_column(name)
    with op.batch_alter_table("anbindung") as batch_op:
        for name, _kind in reversed(COLUMNS):
            batch_op.drop_column(name)
