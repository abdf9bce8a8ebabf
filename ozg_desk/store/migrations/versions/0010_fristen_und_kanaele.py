"""Deadlines for „Fällig“ on every Anbindung, and the Behörde's automated channels and Rendite
scenarios for the Kennzahlen (issue 14). All optional; empty means: not due / the default.

Where each belongs:
- `zertifikat_gueltig_bis` (the certificate of the Empfangskanal, OSCI or FIT-Connect) is a
  date on the Anbindung: the channel is no record of its own but a field of the Anbindung
  (`empfangskanal` with its `kanal_details`), and each Anbindung names its own channel. It is a
  date column rather than another channel detail, because details are free text and „Fällig“
  must compare days; the old free-text OSCI detail `zertifikat_bis` stays accepted (older
  versions still send it) but is no longer asked for. Choosing another channel clears it.
- `avv_verlaengerung_am` and `vertrag_verlaengerung_am` are dates on the Anbindung too. The AVV
  is one of the paperwork templates, and a paper in the register is what was printed (number,
  date, return), not the contract's lifetime; one AVV may cover several Leistungen, but each
  Leistung has to be covered until its own date, and bulk edit can set many at once.
- `kanaele_automatisiert` (channel → „ja“/„nein“, only where the Behörde differs from the
  documented default, so untouched channels follow the defaults file) and `szenario_niedrig`,
  `szenario_mittel`, `szenario_hoch` (percent) sit on the Behörde beside its hourly rates:
  they are the Behörde's assumptions for all its figures, not a property of one Leistung.

Revision ID: 0010
Revises: 0008 (the lead points this at 0009 when merging)
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

DEADLINES = ("zertifikat_gueltig_bis", "avv_verlaengerung_am", "vertrag_verlaengerung_am")
SCENARIOS = ("szenario_niedrig", "szenario_mittel", "szenario_hoch")


def upgrade() -> None:
    with op.batch_alter_table("anbindung") as batch_op:
        for name in DEADLINES:
            batch_op.add_column(sa.Column(name, sa.String(10), nullable=True))
    with op.batch_alter_table("behoerde") as batch_op:
        batch_op.add_column(
            sa.Column("kanaele_automatisiert", sa.JSON(), nullable=False, server_default="{}")
        )
        for name in SCENARIOS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("behoerde") as batch_op:
        for name in reversed(SCENARIOS):
            batch_op.drop_column(name)
        batch_op.drop_column("kanaele_automatisiert")
    with op.batch_alter_table("anbindung") as batch_op:
        for name in reversed(DEADLINES):
            batch_op.drop_column(name)
