"""What a paperwork template may say: the TOML format with its sections, named placeholders and
limits, and the signature rules (unterschriften.toml).

Free of reportlab and files, so that the central server refuses a Land release with exactly the
rules a desktop of the same version applies when it reads the templates (documents.templates,
which re-exports this module for desktop code; docs/decisions/0010).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ozg_desk.app.errors import KnownError
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.kontakte import KONTAKT_FIELDS, ROLLEN
from ozg_desk.domain.lifecycle import Status
from ozg_desk.domain.printable import UnprintableText, printable

# Placeholders a template may use; anything else is refused when the template is loaded.
FIELDS = (
    "behoerde.name",
    "behoerde.art",
    "behoerde.ars",
    "behoerde.anschrift",
    "behoerde.funktionspostfach",
    "behoerde.telefon",
    "lvb.name",
    "lvb.titel",
    "dokument.nummer",
    "dokument.datum",
    "dokument.bemerkung",
    "leistungen.anzahl",
    "anbindung.empfangskanal",
    "anbindung.kanal_details",
    "anbindung.golive",
    "anbindung.verantwortlich",
    "anbindung.gemeinden",
    # Per Ansprechpartner: each field, "Name (Funktion)" and "Tel. …, E-Mail …".
    *(
        f"kontakt.{rolle}{suffix}"
        for rolle in ROLLEN
        for suffix in ("", ".erreichbar", *(f".{name}" for name in KONTAKT_FIELDS))
    ),
)
COLUMNS = {
    "ozg_id": "OZG-ID",
    "leistung": "Leistung",
    "themenfeld": "Themenfeld",
    "leika": "LeiKa-Schlüssel",
    "empfangskanal": "Empfangskanal",
    "zieltermin": "Zieltermin",
    "golive": "Go-Live",
    "verantwortlich": "Verantwortlich",
    "nachnutzung": "Nachnutzung",
}

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_COLUMNS = 8  # more do not fit legibly across an A4 page
KINDS = ("text", "angaben", "leistungen", "tabelle", "ankreuzen", "unterschriften")
LEISTUNGEN = ("keine", "eine", "mehrere")
MAX_TEMPLATE_BYTES = 200_000
SIGNATURES = "unterschriften"


class BadTemplate(KnownError):
    """A template file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    text: str
    rows: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    only_if: str = ""  # a placeholder name: the section is left out while that value is empty
    weights: tuple[int, ...] = ()  # relative column widths of a „tabelle“ (equal if empty)


@dataclass(frozen=True)
class Template:
    typ: str
    titel: str
    beschreibung: str
    version: str
    leistungen: str  # keine | eine | mehrere
    empfaenger: tuple[str, ...]
    sections: tuple[Section, ...]
    source: Path
    origin: str = "mitgeliefert"  # or "Land" (from the central server) or "eigene" (data dir)
    # The statuses of an Anbindung the paper fits (empty: any, also an untracked Leistung) and
    # the fields it states that must be filled; generating outside them needs a deliberate yes.
    statuses: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignatureRule:
    roles: tuple[str, ...]
    seal: bool


@dataclass(frozen=True)
class SignatureRules:
    """Who signs by Behörde type, and a digest of the rules: part of every document's template
    version, so that a change of the rules is a new version like a change of wording."""

    by_type: Mapping[str, SignatureRule]
    digest: str


def parse_template(name: str, raw: bytes, source: Path, *, origin: str) -> Template:
    data, digest = _parse_toml(name, raw)
    try:
        typ, titel = _text(data, "typ", 60), _text(data, "titel", 200)
        if not TYPE_NAME.match(typ):
            raise ValueError("„typ“ darf nur Kleinbuchstaben, Ziffern und _ enthalten")
        declared = data.get("version")
        if not isinstance(declared, int) or isinstance(declared, bool) or not 1 <= declared <= 9999:
            raise ValueError("„version“ muss eine ganze Zahl von 1 bis 9999 sein")
        leistungen = data.get("leistungen", "mehrere")
        if leistungen not in LEISTUNGEN:
            raise ValueError(f"„leistungen“ muss {', '.join(LEISTUNGEN)} sein")
        raw_sections = data.get("abschnitt")
        if not isinstance(raw_sections, list) or not raw_sections:
            raise ValueError("es gibt keinen [[abschnitt]]")
        sections = tuple(_section(item) for item in raw_sections)
        statuses = _names(data.get("passt_zu_status", []), "passt_zu_status", set(Status))
        needs = _names(data.get("braucht", []), "braucht", set(ANBINDUNG_FIELDS))
        return Template(
            typ=typ,
            titel=titel,
            beschreibung=_text(data, "beschreibung", 300, required=False) or titel,
            version=f"{declared}.{digest[:8]}",
            leistungen=str(leistungen),
            empfaenger=_lines(data.get("empfaenger", []), "empfaenger"),
            sections=sections,
            source=source,
            origin=origin,
            statuses=statuses,
            needs=needs,
        )
    except ValueError as error:
        raise BadTemplate(f"Die Vorlage {name} ist fehlerhaft: {error}.") from None


def _names(value: object, key: str, known: Collection[str]) -> tuple[str, ...]:
    """A list of known names (statuses, field names) from the template."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"„{key}“ muss eine Liste von Namen sein")
    unknown = [item for item in value if item not in known]
    if unknown:
        raise ValueError(f"„{key}“ nennt Unbekanntes: {', '.join(unknown)}")
    return tuple(value)


def parse_signature_rules(name: str, raw: bytes) -> SignatureRules:
    data, digest = _parse_toml(name, raw)
    rules = {}
    for typ, rule in data.items():
        if not isinstance(rule, dict):
            continue
        roles = rule.get("unterzeichner")
        if (
            not isinstance(roles, list)
            or not roles
            or not all(isinstance(role, str) and role in ROLES for role in roles)
        ):
            allowed = ", ".join(sorted(ROLES))
            raise BadTemplate(f"{name}: „unterzeichner“ von [{typ}] muss aus {allowed} sein.")
        seal = rule.get("siegel", True)
        if not isinstance(seal, bool):
            raise BadTemplate(f"{name}: „siegel“ von [{typ}] muss true oder false sein.")
        rules[typ] = SignatureRule(tuple(roles), seal)
    return SignatureRules(rules, digest)


ROLES = frozenset({"amtsvorsteher", "stellvertreter", "lvb"})


def _parse_toml(name: str, raw: bytes) -> tuple[dict[str, Any], str]:
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise BadTemplate(f"Die Vorlage {name} ist unplausibel groß.")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadTemplate(f"Die Vorlage {name} ist nicht in UTF-8 gespeichert.") from None
    except tomllib.TOMLDecodeError as error:
        # tomllib's text is English; where the problem is helps the user more.
        where = re.search(r"line (\d+), column (\d+)", str(error))
        at = f" (Fehler in Zeile {where[1]}, Spalte {where[2]})" if where else ""
        raise BadTemplate(f"Die Vorlage {name} ist kein gültiges TOML{at}.") from None
    except RecursionError:
        raise BadTemplate(f"Die Vorlage {name} ist unplausibel tief verschachtelt.") from None
    # The digest covers what the template says, not comments or layout of the file: a copy
    # with an explanatory header is the same version until its wording changes.
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return data, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _text(data: Mapping[str, Any], key: str, limit: int, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise ValueError(f"„{key}“ fehlt oder ist ungültig")
    _check_placeholders(value)
    return value


def _lines(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise ValueError(f"„{key}“ muss eine Liste von Texten sein")
    for line in value:
        _check_placeholders(line)
    return tuple(value)


def _section(item: object) -> Section:
    if not isinstance(item, dict) or item.get("art") not in KINDS:
        raise ValueError(f"ein Abschnitt braucht „art“ = {', '.join(KINDS)}")
    kind = str(item["art"])
    heading = _text(item, "ueberschrift", 200, required=False)
    text = _text(item, "text", 5000, required=kind == "text")
    rows: tuple[tuple[str, ...], ...] = ()
    columns: tuple[str, ...] = ()
    weights: tuple[int, ...] = ()
    if kind in ("angaben", "tabelle"):
        raw_rows = item.get("zeilen")
        if not isinstance(raw_rows, list) or not raw_rows:
            raise ValueError(f"der Abschnitt „{heading or kind}“ braucht „zeilen“")
        rows = tuple(_lines(row, "zeilen") for row in raw_rows)
        width = 2 if kind == "angaben" else None
        columns = _lines(item.get("spalten", []), "spalten")
        if kind == "tabelle" and not 1 <= len(columns) <= MAX_COLUMNS:
            name = heading or kind
            raise ValueError(f"die Tabelle „{name}“ braucht 1 bis {MAX_COLUMNS} „spalten“")
        if any(len(row) != (width or len(columns)) for row in rows):
            raise ValueError(
                f"im Abschnitt „{heading or kind}“ passen die Zeilen nicht zu den Spalten"
            )
        weights = _weights(item.get("breiten", []), len(columns))
    elif kind == "leistungen":
        columns = _lines(item.get("spalten", ["ozg_id", "leistung"]), "spalten")
        unknown = [column for column in columns if column not in COLUMNS]
        if unknown:
            raise ValueError(f"unbekannte Spalte „{', '.join(unknown)}“")
        if not 1 <= len(columns) <= len(COLUMNS) or len(set(columns)) != len(columns):
            raise ValueError("„spalten“ der Leistungen: jede höchstens einmal, mindestens eine")
    elif kind == "ankreuzen":
        rows = tuple((option,) for option in _lines(item.get("optionen", []), "optionen"))
        if not rows:
            raise ValueError("„ankreuzen“ braucht „optionen“")
    only_if = item.get("wenn", "")
    if only_if and only_if not in FIELDS:
        raise ValueError(f"„wenn“ nennt den unbekannten Platzhalter „{only_if}“")
    return Section(kind, heading, text, rows, columns, str(only_if), weights)


def _weights(value: object, count: int) -> tuple[int, ...]:
    if value == []:
        return ()
    if (
        not isinstance(value, list)
        or len(value) != count
        or not all(isinstance(w, int) and not isinstance(w, bool) and 1 <= w <= 100 for w in value)
    ):
        raise ValueError(f"„breiten“ braucht {count} ganze Zahlen von 1 bis 100")
    if min(value) * 16 < sum(value):  # every column at least about 10 mm wide
        raise ValueError("„breiten“: eine Spalte wäre schmaler als 1 cm")
    return tuple(value)


def _check_placeholders(text: str) -> None:
    """Known placeholders only, and only characters the fonts can print (or the template would
    be offered and then fail with every document)."""
    for name in PLACEHOLDER.findall(text):
        if name not in FIELDS:
            raise ValueError(f"unbekannter Platzhalter „{{{name}}}“")
    try:
        printable(text)
    except UnprintableText as error:
        raise ValueError(str(error).rstrip(".")) from None


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace the placeholders (checked at load time) by their plain-text values."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)
