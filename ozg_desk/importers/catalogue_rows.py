"""Rules for single catalogue rows, shared by CSV files and catalogue releases from the server.

A row is either turned into its canonical form or refused with a German reason; a release from
the server is checked with the same rules as a user's file, because its content is not trusted.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from ozg_desk.domain.catalogue import parse_typisierung
from ozg_desk.domain.keys import normalize_leika_key, normalize_ozg_id

MAX_NAME = 500


class RowRefused(ValueError):
    """The row is not usable; the message says why (German)."""


def _text(values: Mapping[str, Any], name: str, label: str, limit: int = MAX_NAME) -> str:
    value = values.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise RowRefused(f"{label} fehlt.")
    if len(text) > limit:
        raise RowRefused(f"{label} ist unplausibel lang.")
    return text


def ozg_row(values: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical OZG-Leistung from the CSV columns (ozg_id, ozg_leistung, lebenslage, …)."""
    ozg_id = normalize_ozg_id(str(values.get("ozg_id") or ""))
    count = str(values.get("anzahl_leika") or "")
    return {
        "ozg_id": ozg_id,
        "name": _text(values, "ozg_leistung", f"OZG-ID {ozg_id}: Die Bezeichnung"),
        "themenfeld": _text(values, "themenfeld", f"OZG-ID {ozg_id}: Das Themenfeld", 200),
        "lage": _text(values, "lebenslage", f"OZG-ID {ozg_id}: Die Lebenslage", 200),
        "anzahl_leika": int(count) if count.isdigit() and len(count) < 6 else None,
    }


def leika_row(values: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical LeiKa-Leistung from the CSV columns; the raw Typisierung is kept."""
    key = normalize_leika_key(str(values.get("leika_schluessel") or ""))
    raw_ozg = str(values.get("ozg_id") or "")
    typisierung = parse_typisierung(str(values.get("leika_typ") or ""))
    if len(typisierung.raw) > 100:
        raise RowRefused("Die Typisierung ist unplausibel lang.")
    basis = values.get("rechtsgrundlage_kurz") or ""
    return {
        "schluessel": key,
        "name": _text(values, "bezeichnung", "Die Bezeichnung"),
        "typ_raw": typisierung.raw,
        "typ": typisierung.normalized,
        "ozg_id": normalize_ozg_id(raw_ozg) if raw_ozg else None,
        "rechtsgrundlage": str(basis).strip()[:MAX_NAME],
    }


def leika_key(row: Mapping[str, Any]) -> Hashable:
    """A LeiKa-Leistung is its key; one without key is its name within its OZG-Leistung."""
    return row["schluessel"] or (row["ozg_id"], row["name"])


def as_csv_columns(
    ozg: Mapping[str, Any] | None = None, leika: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The CSV column form of a canonical row (releases carry the canonical form)."""
    if ozg is not None:
        return {
            "ozg_id": ozg.get("ozg_id"),
            "ozg_leistung": ozg.get("name"),
            "themenfeld": ozg.get("themenfeld"),
            "lebenslage": ozg.get("lage"),
            "anzahl_leika": "" if ozg.get("anzahl_leika") is None else str(ozg.get("anzahl_leika")),
        }
    assert leika is not None
    return {
        "leika_schluessel": leika.get("schluessel") or "",
        "bezeichnung": leika.get("name"),
        "leika_typ": leika.get("typ_raw") or "",
        "ozg_id": leika.get("ozg_id") or "",
        "rechtsgrundlage_kurz": leika.get("rechtsgrundlage") or "",
    }
