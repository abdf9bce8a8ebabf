"""Table definitions of the local store (SQLAlchemy Core); migrations create exactly these.

User-editable records carry what sync needs from day one: a client-generated UUID, the server
version they were last synced at (NULL until then) and a tombstone flag instead of deletion.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ozg_desk.protocol.tables import NAMING, conflict_columns, history_columns, remark_columns

metadata = MetaData(naming_convention=NAMING)

ISO_DATE = String(10)
ISO_TIME = String(32)
UUID_TEXT = String(36)


def _sync_columns() -> list[Column[object]]:
    return [
        Column("server_version", Integer, nullable=True),
        Column("deleted", Boolean, nullable=False, server_default="0"),
        Column("updated_at", ISO_TIME, nullable=False),
    ]


meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- catalogue (reference data, replaced by imports, never edited by users) -----------------

themenfeld = Table(
    "themenfeld",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
)

lage = Table(
    "lage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
)

ozg_leistung = Table(
    "ozg_leistung",
    metadata,
    Column("ozg_id", String(5), primary_key=True),
    Column("name", String(500), nullable=False),
    Column("themenfeld_id", ForeignKey("themenfeld.id"), nullable=False),
    Column("lage_id", ForeignKey("lage.id"), nullable=False),
    Column("anzahl_leika", Integer, nullable=True),
)

leika_leistung = Table(
    "leika_leistung",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("schluessel", String(14), nullable=True, unique=True),
    Column("name", String(500), nullable=False),
    Column("typ_raw", String(100), nullable=False, server_default=""),
    Column("typ", String(100), nullable=True),
    Column("ozg_id", ForeignKey("ozg_leistung.ozg_id"), nullable=True, index=True),
    Column("rechtsgrundlage", String(500), nullable=False, server_default=""),
)

catalogue_import = Table(
    "catalogue_import",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("imported_at", ISO_TIME, nullable=False),
    Column("stand", String(50), nullable=True),
    Column("files", JSON, nullable=False),
    Column("summary", JSON, nullable=False),
)

# --- MV areas (Kreise, Ämter, Gemeinden) with their Gebietsstand ---------------------------

gebiet = Table(
    "gebiet",
    metadata,
    Column("ebene", String(20), primary_key=True),
    Column("ars", String(12), primary_key=True),
    Column("ags", String(8), nullable=True),
    Column("name", String(300), nullable=False),
    Column("kreis_name", String(300), nullable=False, server_default=""),
    Column("verband_name", String(300), nullable=False, server_default=""),
    Column("verband_typ", String(100), nullable=False, server_default=""),
    Column("bevoelkerung", Integer, nullable=True),
    Column("plz", String(5), nullable=True),
    Column("gebietsstand", String(20), nullable=True),
)

# The Land's template release (file name → TOML text); replaced whole with each release.
land_template = Table(
    "land_template",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("text", Text, nullable=False),
)

area_import = Table(
    "area_import",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("imported_at", ISO_TIME, nullable=False),
    Column("gebietsstand", String(20), nullable=True),
    Column("files", JSON, nullable=False),
    Column("summary", JSON, nullable=False),
)

# --- the Behörde's own records (edited by users, synced) ------------------------------------

behoerde = Table(
    "behoerde",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    Column("ars", String(12), nullable=False, unique=True),
    Column("typ", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("strasse", String(200), nullable=True),
    Column("plz", String(5), nullable=True),
    Column("ort", String(200), nullable=True),
    Column("funktionspostfach", String(200), nullable=True),
    Column("telefon", String(50), nullable=True),
    Column("amtsvorsteher_name", String(200), nullable=True),
    Column("amtsvorsteher_titel", String(200), nullable=True),
    Column("stellvertreter_name", String(200), nullable=True),
    Column("stellvertreter_titel", String(200), nullable=True),
    Column("lvb_name", String(200), nullable=True),
    Column("lvb_titel", String(200), nullable=True),
    # The Behörde's own hourly rates and the overhead switch for the Kennzahlen (migration 0008)
    Column("stundensatz_einfach_mittel", Float, nullable=True),
    Column("stundensatz_gehoben", Float, nullable=True),
    Column("stundensatz_hoeher", Float, nullable=True),
    Column("gemeinkosten", Boolean, nullable=False, server_default="0"),
    # Automated channels and Rendite scenarios of the Behörde (migration 0010)
    Column("kanaele_automatisiert", JSON, nullable=False, server_default="{}"),
    Column("szenario_niedrig", Float, nullable=True),
    Column("szenario_mittel", Float, nullable=True),
    Column("szenario_hoch", Float, nullable=True),
    *_sync_columns(),
)

gemeinde = Table(
    "gemeinde",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    # No foreign keys between synced records: the change feed may deliver a child before its
    # parent (the parent's latest change can be newer), see migration 0003.
    Column("behoerde_id", UUID_TEXT, nullable=False),
    Column("ars", String(12), nullable=False),
    Column("ags", String(8), nullable=True),
    Column("name", String(200), nullable=False),
    *_sync_columns(),
    UniqueConstraint("behoerde_id", "ars", name="uq_gemeinde_behoerde_ars"),
)

# One Ansprechpartner per role and Behörde (the role is part of the id).
kontakt = Table(
    "kontakt",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    Column("behoerde_id", UUID_TEXT, nullable=False),
    Column("rolle", String(20), nullable=False),
    Column("name", String(200), nullable=True),
    Column("funktion", String(200), nullable=True),
    Column("telefon", String(50), nullable=True),
    Column("email", String(200), nullable=True),
    *_sync_columns(),
    UniqueConstraint("behoerde_id", "rolle", name="uq_kontakt_behoerde_rolle"),
)

anbindung = Table(
    "anbindung",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    Column("behoerde_id", UUID_TEXT, nullable=False),
    # No foreign key to the catalogue: a newer catalogue may drop an OZG-ID, the record stays.
    Column("ozg_id", String(5), nullable=False),
    Column("status", String(40), nullable=False),
    Column("status_begruendung", Text, nullable=True),
    Column("zieltermin", ISO_DATE, nullable=True),
    Column("golive_datum", ISO_DATE, nullable=True),
    Column("prioritaet", String(20), nullable=True),
    Column("fallzahl", Integer, nullable=True),
    Column("verantwortlich", String(200), nullable=True),
    Column("nachnutzungsmodell", String(40), nullable=True),
    Column("empfangskanal", String(40), nullable=True),
    Column("kanal_details", JSON, nullable=False),
    Column("alle_gemeinden", Boolean, nullable=False),
    Column("gemeinden", JSON, nullable=False),
    Column("reifegrad", Integer, nullable=True),
    Column("reifegrad_modell", String(10), nullable=True),
    Column("nachweis_link", Text, nullable=True),
    Column("nachweis_notiz", Text, nullable=True),
    Column("nachweis_datum", ISO_DATE, nullable=True),
    Column("notizen", Text, nullable=True),
    # The inputs of the Kennzahlen (migration 0008)
    Column("fallzahl_quelle", Text, nullable=True),
    Column("online_antraege", Integer, nullable=True),
    Column("online_antraege_jahr", Integer, nullable=True),
    Column("minuten_papier", Integer, nullable=True),
    Column("minuten_online", Integer, nullable=True),
    Column("laufbahngruppe", String(40), nullable=True),
    Column("wegezeit_ebene", String(40), nullable=True),
    Column("wartezeit_minuten", Integer, nullable=True),
    Column("sachkosten_je_fall", Float, nullable=True),
    Column("kosten_einmalig", Float, nullable=True),
    Column("kosten_jaehrlich", Float, nullable=True),
    Column("zufriedenheit", Float, nullable=True),
    Column("zufriedenheit_n", Integer, nullable=True),
    Column("zufriedenheit_quelle", Text, nullable=True),
    Column("zufriedenheit_datum", ISO_DATE, nullable=True),
    # Deadlines for „Fällig“ (migration 0010)
    Column("zertifikat_gueltig_bis", ISO_DATE, nullable=True),
    Column("avv_verlaengerung_am", ISO_DATE, nullable=True),
    Column("vertrag_verlaengerung_am", ISO_DATE, nullable=True),
    *_sync_columns(),
    UniqueConstraint("behoerde_id", "ozg_id", name="uq_anbindung_behoerde_ozg"),
)

checklist_item = Table(
    "checklist_item",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    Column("anbindung_id", UUID_TEXT, nullable=False, index=True),
    Column("key", String(50), nullable=True),
    Column("titel", String(200), nullable=False),
    Column("zustand", String(20), nullable=False),
    Column("faellig", ISO_DATE, nullable=True),
    Column("erledigt_am", ISO_DATE, nullable=True),
    Column("notiz", Text, nullable=True),
    Column("position", Integer, nullable=False),
    *_sync_columns(),
)

# The document register (one row per generated paper; the PDF stays in the data directory).
dokument = Table(
    "dokument",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    Column("behoerde_id", UUID_TEXT, nullable=False),
    Column("nummer", String(20), nullable=False),
    Column("typ", String(60), nullable=False),
    Column("titel", String(200), nullable=False),
    Column("leistungen", JSON, nullable=False),
    Column("vorlage_version", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("pruefwert", String(10), nullable=False),
    Column("erstellt_am", String(32), nullable=False),
    Column("zustand", String(20), nullable=False),
    Column("gedruckt_am", ISO_DATE, nullable=True),
    Column("unterschrieben_am", ISO_DATE, nullable=True),
    Column("versandt_am", ISO_DATE, nullable=True),
    Column("bestaetigt_am", ISO_DATE, nullable=True),
    Column("bemerkung", Text, nullable=True),
    *_sync_columns(),
    UniqueConstraint("behoerde_id", "nummer", name="uq_dokument_behoerde_nummer"),
)

# Append-only: triggers created by the migration refuse UPDATE and DELETE.
history = Table(
    "history",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    *history_columns(UUID_TEXT, JSON, ISO_TIME),
    # The role and device of the token that sent the entry to the server (None: made here).
    Column("via_role", String(20), nullable=True),
    Column("via_device", String(200), nullable=True),
    Index("ix_history_anbindung_at", "anbindung_id", "at"),
    Index("ix_history_entity", "entity", "entity_id"),
)

# One row per user edit of one record, written in the same transaction as the edit.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("op_id", UUID_TEXT, nullable=False, unique=True),
    Column("entity", String(40), nullable=False),
    Column("entity_id", UUID_TEXT, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("base_version", Integer, nullable=True),
    Column("fields", JSON, nullable=False),
    Column("history_ids", JSON, nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", ISO_TIME, nullable=False),
    Column("state", String(12), nullable=False, server_default="pending"),
    Column("error", Text, nullable=True),
    Column("resolves", JSON, nullable=False, server_default="[]"),
    Index("ix_outbox_state_seq", "state", "seq"),
)

# Conflicts the server found between this device's edits and others'; decided by a person.
conflict = Table(
    "conflict",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    *conflict_columns(UUID_TEXT, JSON, ISO_TIME, device_known=False),
    Column("received_at", ISO_TIME, nullable=False),
    Index("ix_conflict_state", "state"),
)

# Remarks of the Land on the Behörde or one of its Anbindungen (read-only here).
remark = Table(
    "remark",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
    *remark_columns(UUID_TEXT, ISO_TIME),
)

# A recovery after the server lost history: the records as this PC knew them from the server
# (with the server's state once the full feed has delivered it), and the history entries the
# server has not yet delivered back. Empty except during a recovery.
recovery_record = Table(
    "recovery_record",
    metadata,
    Column("entity_id", UUID_TEXT, primary_key=True),
    Column("entity", String(40), nullable=False),
    Column("old_version", Integer, nullable=False),
    Column("server_version", Integer, nullable=True),
    Column("server_deleted", Boolean, nullable=True),
    Column("server_fields", JSON, nullable=True),
)

recovery_history = Table(
    "recovery_history",
    metadata,
    Column("id", UUID_TEXT, primary_key=True),
)

SYNCED_TABLES: dict[str, Table] = {
    "behoerde": behoerde,
    "gemeinde": gemeinde,
    "anbindung": anbindung,
    "checklist_item": checklist_item,
    "dokument": dokument,
    "kontakt": kontakt,
}
