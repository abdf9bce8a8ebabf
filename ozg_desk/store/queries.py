"""Read side of the store: plain SQL on read-only sqlite3 connections, immutable values out.

Column and table names come from `schema.py`; the tests compare these results with what the
repository wrote, so a renamed column fails loudly.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.anbindung import AnbindungRecord, ChecklistItem
from ozg_desk.domain.behoerde import Behoerde, Gemeinde
from ozg_desk.domain.catalogue import LeistungRow, is_kommunal, split_codes
from ozg_desk.domain.entities import ENTITIES
from ozg_desk.domain.fields import JsonValue, Kind, german_int
from ozg_desk.store import meta
from ozg_desk.store.meta import LOCAL_BEHOERDE


@dataclass(frozen=True)
class CatalogueInfo:
    """Size and provenance of the catalogue in the store."""

    ozg_leistungen: int
    leika_leistungen: int
    stand: str | None
    imported_at: str | None
    source: str | None = None  # meta.CATALOGUE_SHIPPED, _FILE or _LAND

    def describe(self) -> str:
        """One German sentence: how large, which Stand, and where the catalogue came from."""
        if not self.ozg_leistungen:
            return "Es ist noch kein Leistungskatalog vorhanden."
        when = german_date(self.imported_at[:10]) if self.imported_at else None
        origin = {
            meta.CATALOGUE_SHIPPED: "mit OZG-Desk mitgeliefert",
            meta.CATALOGUE_LAND: f"vom Land veröffentlicht, übernommen am {when}",
            meta.CATALOGUE_FILE: f"aus Dateien importiert am {when}",
        }.get(self.source or "", f"importiert am {when}" if when else "")
        details = ", ".join(
            part for part in (f"Stand {self.stand}" if self.stand else "", origin) if part
        )
        return (
            f"Im Katalog sind {german_int(self.ozg_leistungen)} OZG-Leistungen und "
            f"{german_int(self.leika_leistungen)} LeiKa-Leistungen"
            + (f" ({details})." if details else ".")
        )


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
    via_role: str | None = None  # the role of the token that sent it to the server

    @property
    def shown_author(self) -> str:
        """The author as given, and „Land“ beside it when a token of the Land sent the entry:
        the name is the sender's own statement, the role is what the server vouches for."""
        return f"{self.author} · Land" if self.via_role == "land" else self.author


def json_value(raw: object) -> Any:
    """Decode a JSON column; SQLite's NUMERIC affinity of JSON columns turns `1` into 1."""
    return json.loads(raw) if isinstance(raw, str | bytes) else raw


def decode(entity: str, row: sqlite3.Row) -> dict[str, JsonValue]:
    """The editable field values of a raw row, decoded like the repository writes them."""
    values: dict[str, JsonValue] = {}
    for name, spec in ENTITIES[entity].fields.items():
        raw = row[name]
        if spec.kind in (Kind.LIST, Kind.DICT):
            values[name] = json_value(raw)
        elif spec.kind is Kind.BOOL:
            values[name] = bool(raw)
        else:
            values[name] = raw
    return values


def meta_value(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def local_behoerde(connection: sqlite3.Connection) -> Behoerde | None:
    record_id = meta_value(connection, LOCAL_BEHOERDE)
    if record_id is None:
        return None
    row = connection.execute(
        "SELECT * FROM behoerde WHERE id = ? AND NOT deleted", (record_id,)
    ).fetchone()
    if row is None:
        return None
    gemeinden = tuple(
        Gemeinde(id=g["id"], ars=g["ars"], ags=g["ags"], name=g["name"])
        for g in connection.execute(
            "SELECT * FROM gemeinde WHERE behoerde_id = ? AND NOT deleted ORDER BY name",
            (record_id,),
        )
    )
    kontakte = {
        k["rolle"]: decode("kontakt", k)
        for k in connection.execute(
            "SELECT * FROM kontakt WHERE behoerde_id = ? AND NOT deleted", (record_id,)
        )
    }
    return Behoerde(
        id=row["id"], values=decode("behoerde", row), gemeinden=gemeinden, kontakte=kontakte
    )


def catalogue_info(connection: sqlite3.Connection) -> CatalogueInfo:
    ozg = connection.execute("SELECT count(*) FROM ozg_leistung").fetchone()[0]
    leika = connection.execute("SELECT count(*) FROM leika_leistung").fetchone()[0]
    last = connection.execute(
        "SELECT stand, imported_at FROM catalogue_import ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return CatalogueInfo(
        source=meta_value(connection, meta.CATALOGUE_SOURCE),
        ozg_leistungen=int(ozg),
        leika_leistungen=int(leika),
        stand=None if last is None else last["stand"],
        imported_at=None if last is None else last["imported_at"],
    )


def leistungen(
    connection: sqlite3.Connection,
    behoerde_id: str | None,
    only: Collection[str] | None = None,
) -> list[LeistungRow]:
    """Every OZG-Leistung (or those in `only`) with its LeiKa bundle and, where present, the
    Behörde's Anbindung."""
    # With `only`, every query is restricted to those OZG-IDs (one edited row: ~1 ms, not ~8);
    # only "?" placeholders are put into the SQL text, the values are bound parameters.
    params: tuple[str, ...] = ()
    where = ""
    if only is not None:
        params = tuple(only)
        where = f" AND ozg_id IN ({', '.join('?' * len(params))})"
    leika_sql = f"SELECT ozg_id, schluessel, name, typ FROM leika_leistung WHERE ozg_id IS NOT NULL{where} ORDER BY schluessel"  # noqa: E501, S608
    anbindung_sql = f"SELECT * FROM anbindung WHERE behoerde_id = ? AND NOT deleted{where}"  # noqa: S608
    ozg_where = where.replace("ozg_id", "o.ozg_id")
    ozg_sql = f"SELECT o.ozg_id, o.name, t.name AS themenfeld, l.name AS lage FROM ozg_leistung o JOIN themenfeld t ON t.id = o.themenfeld_id JOIN lage l ON l.id = o.lage_id WHERE 1 = 1{ozg_where} ORDER BY o.ozg_id"  # noqa: E501, S608
    leika: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in connection.execute(leika_sql, params):
        leika[row["ozg_id"]].append(row)
    anbindungen = {
        row["ozg_id"]: row for row in connection.execute(anbindung_sql, (behoerde_id, *params))
    }
    result = []
    for row in connection.execute(ozg_sql, params):
        bundle = leika.get(row["ozg_id"], [])
        codes = sorted({code for item in bundle for code in split_codes(item["typ"])})
        record = anbindungen.get(row["ozg_id"])
        result.append(
            LeistungRow(
                ozg_id=row["ozg_id"],
                name=row["name"],
                themenfeld=row["themenfeld"],
                lage=row["lage"],
                typisierung=tuple(codes),
                kommunal=is_kommunal(codes),
                leika_keys=tuple(item["schluessel"] for item in bundle if item["schluessel"]),
                leika_names=tuple(item["name"] for item in bundle),
                anbindung_id=None if record is None else record["id"],
                values={} if record is None else decode("anbindung", record),
            )
        )
    return result


def anbindung(connection: sqlite3.Connection, record_id: str) -> AnbindungRecord | None:
    row = connection.execute("SELECT * FROM anbindung WHERE id = ?", (record_id,)).fetchone()
    if row is None or row["deleted"]:
        return None
    items = tuple(
        ChecklistItem(
            id=item["id"],
            key=item["key"],
            titel=item["titel"],
            zustand=item["zustand"],
            faellig=item["faellig"],
            erledigt_am=item["erledigt_am"],
            notiz=item["notiz"],
            position=item["position"],
        )
        for item in connection.execute(
            "SELECT * FROM checklist_item WHERE anbindung_id = ? AND NOT deleted ORDER BY position",
            (record_id,),
        )
    )
    return AnbindungRecord(
        id=row["id"],
        behoerde_id=row["behoerde_id"],
        ozg_id=row["ozg_id"],
        values=decode("anbindung", row),
        checklist=items,
        server_version=row["server_version"],
        updated_at=row["updated_at"],
    )


def history(connection: sqlite3.Connection, anbindung_id: str) -> list[HistoryEntry]:
    """The history of an Anbindung and its checklist, newest first."""
    rows = connection.execute(
        "SELECT * FROM history WHERE anbindung_id = ? ORDER BY at DESC, id", (anbindung_id,)
    )
    return [
        HistoryEntry(
            at=row["at"],
            author=row["author"],
            entity=row["entity"],
            entity_id=row["entity_id"],
            field=row["field"],
            old=json_value(row["old"]),
            new=json_value(row["new"]),
            via_role=row["via_role"],
        )
        for row in rows
    ]
