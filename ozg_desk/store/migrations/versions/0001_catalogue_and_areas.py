"""Catalogue (Themenfeld, Lage, OZG- and LeiKa-Leistungen), MV areas, and the meta table.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    for name in ("themenfeld", "lage"):
        op.create_table(
            name,
            sa.Column("id", sa.Integer, nullable=False),
            sa.Column("name", sa.String(200), nullable=False),
            sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
            sa.UniqueConstraint("name", name=f"uq_{name}_name"),
        )
    op.create_table(
        "ozg_leistung",
        sa.Column("ozg_id", sa.String(5), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("themenfeld_id", sa.Integer, nullable=False),
        sa.Column("lage_id", sa.Integer, nullable=False),
        sa.Column("anzahl_leika", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("ozg_id", name="pk_ozg_leistung"),
        sa.ForeignKeyConstraint(
            ["themenfeld_id"], ["themenfeld.id"], name="fk_ozg_leistung_themenfeld_id_themenfeld"
        ),
        sa.ForeignKeyConstraint(["lage_id"], ["lage.id"], name="fk_ozg_leistung_lage_id_lage"),
    )
    op.create_table(
        "leika_leistung",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("schluessel", sa.String(14), nullable=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("typ_raw", sa.String(100), server_default="", nullable=False),
        sa.Column("typ", sa.String(100), nullable=True),
        sa.Column("ozg_id", sa.String(5), nullable=True),
        sa.Column("rechtsgrundlage", sa.String(500), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_leika_leistung"),
        sa.UniqueConstraint("schluessel", name="uq_leika_leistung_schluessel"),
        sa.ForeignKeyConstraint(
            ["ozg_id"], ["ozg_leistung.ozg_id"], name="fk_leika_leistung_ozg_id_ozg_leistung"
        ),
    )
    op.create_index("ix_leika_leistung_ozg_id", "leika_leistung", ["ozg_id"])
    for name in ("catalogue_import", "area_import"):
        stand = "stand" if name == "catalogue_import" else "gebietsstand"
        op.create_table(
            name,
            sa.Column("id", sa.Integer, nullable=False),
            sa.Column("imported_at", sa.String(32), nullable=False),
            sa.Column(stand, sa.String(50 if stand == "stand" else 20), nullable=True),
            sa.Column("files", sa.JSON, nullable=False),
            sa.Column("summary", sa.JSON, nullable=False),
            sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        )
    op.create_table(
        "gebiet",
        sa.Column("ebene", sa.String(20), nullable=False),
        sa.Column("ars", sa.String(12), nullable=False),
        sa.Column("ags", sa.String(8), nullable=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kreis_name", sa.String(300), server_default="", nullable=False),
        sa.Column("verband_name", sa.String(300), server_default="", nullable=False),
        sa.Column("verband_typ", sa.String(100), server_default="", nullable=False),
        sa.Column("bevoelkerung", sa.Integer, nullable=True),
        sa.Column("plz", sa.String(5), nullable=True),
        sa.Column("gebietsstand", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("ebene", "ars", name="pk_gebiet"),
    )


def downgrade() -> None:
    for name in (
        "gebiet",
        "area_import",
        "catalogue_import",
        "leika_leistung",
        "ozg_leistung",
        "lage",
        "themenfeld",
        "meta",
    ):
        op.drop_table(name)
