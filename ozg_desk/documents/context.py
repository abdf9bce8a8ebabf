"""The values a template can name: Behörde, signatories, the document, its Leistungen.

Everything here is plain text; the renderer escapes it, so user input never becomes markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.anbindung import NACHNUTZUNG_LABELS
from ozg_desk.domain.behoerde import DEFAULT_TITLES, TYP_LABELS
from ozg_desk.domain.channels import CHANNEL_LABELS, CHANNELS
from ozg_desk.domain.kontakte import KONTAKT_FIELDS, ROLLEN

# A Leistung may have hundreds of LeiKa keys (10069 has 317): the table shows the first 19,
# the document's annex all of them.
LEIKA_IN_TABLE = 20


def _leika_cell(keys: tuple[str, ...]) -> str:
    if len(keys) <= LEIKA_IN_TABLE:
        return ", ".join(keys)
    shown = LEIKA_IN_TABLE - 1
    return ", ".join(keys[:shown]) + f" … und {len(keys) - shown} weitere (siehe Anlage)"


@dataclass(frozen=True)
class Leistung:
    """One row of a document's Leistungen table."""

    ozg_id: str
    name: str
    themenfeld: str = ""
    leika: tuple[str, ...] = ()
    anbindung: Mapping[str, object] = field(default_factory=dict)

    def column(self, name: str) -> str:
        values = self.anbindung
        texts = {
            "ozg_id": lambda: self.ozg_id,
            "leistung": lambda: self.name,
            "themenfeld": lambda: self.themenfeld,
            "leika": lambda: _leika_cell(self.leika),
            "empfangskanal": lambda: CHANNEL_LABELS.get(str(values.get("empfangskanal") or ""), ""),
            "zieltermin": lambda: german_date(values.get("zieltermin")),
            "golive": lambda: german_date(values.get("golive_datum")),
            "verantwortlich": lambda: str(values.get("verantwortlich") or ""),
            "nachnutzung": lambda: NACHNUTZUNG_LABELS.get(
                str(values.get("nachnutzungsmodell") or ""), ""
            ),
        }
        return texts[name]()


@dataclass(frozen=True)
class Signatory:
    title: str
    name: str


@dataclass(frozen=True)
class DocumentContext:
    """Everything one document is filled from, as plain values (safe to hand to a worker)."""

    behoerde: Mapping[str, object]
    gemeinden: Mapping[str, str]  # ARS → name of the member Gemeinden
    leistungen: tuple[Leistung, ...]
    nummer: str
    datum: dt.date
    created: dt.datetime
    bemerkung: str = ""
    kontakte: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    @property
    def typ(self) -> str:
        return str(self.behoerde.get("typ") or "amt")

    def signatory(self, role: str) -> Signatory:
        """`role`: a signatory prefix of the profile (amtsvorsteher, stellvertreter, lvb)."""
        defaults = DEFAULT_TITLES.get(self.typ, DEFAULT_TITLES["amt"])
        default = dict(zip(("amtsvorsteher", "stellvertreter", "lvb"), defaults, strict=True))
        title = str(self.behoerde.get(f"{role}_titel") or default.get(role, ""))
        return Signatory(title, str(self.behoerde.get(f"{role}_name") or ""))

    def values(self) -> dict[str, str]:
        b = self.behoerde
        street, town = str(b.get("strasse") or ""), f"{b.get('plz') or ''} {b.get('ort') or ''}"
        first = self.leistungen[0].anbindung if self.leistungen else {}
        lvb = self.signatory("lvb")
        return {
            "behoerde.name": str(b.get("name") or ""),
            "behoerde.art": TYP_LABELS.get(self.typ, ""),
            "behoerde.ars": str(b.get("ars") or ""),
            "behoerde.anschrift": ", ".join(part for part in (street, town.strip()) if part),
            "behoerde.funktionspostfach": str(b.get("funktionspostfach") or ""),
            "behoerde.telefon": str(b.get("telefon") or ""),
            "lvb.name": lvb.name,
            "lvb.titel": lvb.title,
            "dokument.nummer": self.nummer,
            "dokument.datum": german_date(self.datum),
            "dokument.bemerkung": self.bemerkung,
            "leistungen.anzahl": str(len(self.leistungen)),
            "anbindung.empfangskanal": CHANNEL_LABELS.get(
                str(first.get("empfangskanal") or ""), ""
            ),
            "anbindung.kanal_details": _details(
                first.get("empfangskanal"), first.get("kanal_details")
            ),
            "anbindung.golive": german_date(first.get("golive_datum")),
            "anbindung.verantwortlich": str(first.get("verantwortlich") or ""),
            "anbindung.gemeinden": _gemeinden(first, self.gemeinden),
            **_kontakte(self.kontakte),
        }


def _details(channel: object, value: object) -> str:
    """The channel's specific fields with their German labels, e.g. "Destination-ID: …"."""
    if not isinstance(value, Mapping):
        return ""
    known = CHANNELS.get(str(channel or ""))
    labels = {field.name: field.label for field in known.fields} if known else {}
    return "; ".join(
        f"{labels.get(key, key)}: {text}" for key, text in sorted(value.items()) if text
    )


def _gemeinden(anbindung: Mapping[str, object], names: Mapping[str, str]) -> str:
    if anbindung.get("alle_gemeinden", True):
        listed = ", ".join(sorted(names.values()))
        return "alle Gemeinden" + (f" ({listed})" if listed else "")
    chosen = anbindung.get("gemeinden")
    if not isinstance(chosen, list):
        return ""
    return ", ".join(names.get(str(ars), str(ars)) for ars in chosen)


def _kontakte(kontakte: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for rolle in ROLLEN:
        person = {name: str(kontakte.get(rolle, {}).get(name) or "") for name in KONTAKT_FIELDS}
        for name, text in person.items():
            result[f"kontakt.{rolle}.{name}"] = text
        name, funktion = person["name"], person["funktion"]
        result[f"kontakt.{rolle}"] = (
            f"{name} ({funktion})" if name and funktion else name or funktion
        )
        reach = [f"Tel. {person['telefon']}" if person["telefon"] else "", person["email"]]
        result[f"kontakt.{rolle}.erreichbar"] = ", ".join(part for part in reach if part)
    return result
