"""Read side of the store: plain, immutable values for the GUI, reports and commands."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from ozg_desk.domain.anbindung import AnbindungRecord, ChecklistItem
from ozg_desk.domain.behoerde import Behoerde, Gemeinde
from ozg_desk.domain.catalogue import is_kommunal, split_codes
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.store import meta, schema
from ozg_desk.store.records import field_values


@dataclass(frozen=True)
class LeistungRow:
    """One OZG-Leistung of the catalogue with the local Anbindung's key fields (if any)."""

    ozg_id: str
    name: str
    themenfeld: str
    lage: str
    typisierung: tuple[str, ...]
    kommunal: bool
    leika_keys: tuple[str, ...]
    leika_names: tuple[str, ...]
    anbindung_id: str | None
    values: dict[str, Any]


@dataclass(frozen=True)
class CatalogueInfo:
    """Size and provenance of the catalogue in the store."""

    ozg_leistungen: int
    leika_leistungen: int
    stand: str | None
    imported_at: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change, ready for display."""

    at: str
    author: str
    entity: str
    entity_id: str
    field: str
    old: Any
    new: Any


def local_behoerde(connection: Connection) -> Behoerde | None:
    record_id = meta.get(connection, meta.LOCAL_BEHOERDE)
    if record_id is None:
        return None
    row = connection.execute(
        select(schema.behoerde).where(schema.behoerde.c.id == record_id)
    ).first()
    if row is None:
        return None
    table = schema.gemeinde
    gemeinden = tuple(
        Gemeinde(id=g.id, ars=g.ars, ags=g.ags, name=g.name)
        for g in connection.execute(
            select(table)
            .where(table.c.behoerde_id == record_id, table.c.deleted.is_(False))
            .order_by(table.c.name)
        )
    )
    return Behoerde(id=row.id, values=field_values(row, "behoerde"), gemeinden=gemeinden)


def catalogue_info(connection: Connection) -> CatalogueInfo:
    count_ozg = connection.execute(select(func.count()).select_from(schema.ozg_leistung)).scalar()
    count_leika = connection.execute(
        select(func.count()).select_from(schema.leika_leistung)
    ).scalar()
    last = connection.execute(
        select(schema.catalogue_import).order_by(schema.catalogue_import.c.id.desc()).limit(1)
    ).first()
    return CatalogueInfo(
        ozg_leistungen=int(count_ozg or 0),
        leika_leistungen=int(count_leika or 0),
        stand=None if last is None else last.stand,
        imported_at=None if last is None else last.imported_at,
    )


def leistungen(connection: Connection, behoerde_id: str | None) -> list[LeistungRow]:
    """Every OZG-Leistung with its LeiKa bundle and, where present, the Behörde's Anbindung."""
    leika: dict[str, list[Any]] = defaultdict(list)
    for row in connection.execute(
        select(schema.leika_leistung).order_by(schema.leika_leistung.c.schluessel)
    ):
        if row.ozg_id is not None:
            leika[row.ozg_id].append(row)
    anbindungen = {}
    if behoerde_id is not None:
        table = schema.anbindung
        for row in connection.execute(
            select(table).where(table.c.behoerde_id == behoerde_id, table.c.deleted.is_(False))
        ):
            anbindungen[row.ozg_id] = row
    query = (
        select(
            schema.ozg_leistung.c.ozg_id,
            schema.ozg_leistung.c.name,
            schema.themenfeld.c.name.label("themenfeld"),
            schema.lage.c.name.label("lage"),
        )
        .join(schema.themenfeld)
        .join(schema.lage)
        .order_by(schema.ozg_leistung.c.ozg_id)
    )
    result = []
    for row in connection.execute(query):
        bundle = leika.get(row.ozg_id, [])
        codes = sorted({code for item in bundle for code in split_codes(item.typ)})
        record = anbindungen.get(row.ozg_id)
        result.append(
            LeistungRow(
                ozg_id=row.ozg_id,
                name=row.name,
                themenfeld=row.themenfeld,
                lage=row.lage,
                typisierung=tuple(codes),
                kommunal=is_kommunal(codes),
                leika_keys=tuple(item.schluessel for item in bundle if item.schluessel),
                leika_names=tuple(item.name for item in bundle),
                anbindung_id=None if record is None else record.id,
                values={} if record is None else field_values(record, "anbindung"),
            )
        )
    return result


def anbindung(connection: Connection, record_id: str) -> AnbindungRecord | None:
    row = connection.execute(
        select(schema.anbindung).where(schema.anbindung.c.id == record_id)
    ).first()
    if row is None or row.deleted:
        return None
    table = schema.checklist_item
    items = tuple(
        ChecklistItem(
            id=item.id,
            key=item.key,
            titel=item.titel,
            zustand=item.zustand,
            faellig=item.faellig,
            erledigt_am=item.erledigt_am,
            notiz=item.notiz,
            position=item.position,
        )
        for item in connection.execute(
            select(table)
            .where(table.c.anbindung_id == record_id, table.c.deleted.is_(False))
            .order_by(table.c.position)
        )
    )
    return AnbindungRecord(
        id=row.id,
        behoerde_id=row.behoerde_id,
        ozg_id=row.ozg_id,
        values=field_values(row, "anbindung"),
        checklist=items,
        server_version=row.server_version,
        updated_at=row.updated_at,
    )


def history(connection: Connection, anbindung_id: str) -> list[HistoryEntry]:
    """The history of an Anbindung and its checklist, newest first."""
    table = schema.history
    rows = connection.execute(
        select(table)
        .where(table.c.anbindung_id == anbindung_id)
        .order_by(table.c.at.desc(), table.c.id)
    )
    return [
        HistoryEntry(row.at, row.author, row.entity, row.entity_id, row.field, row.old, row.new)
        for row in rows
        if row.entity in ENTITIES
    ]
