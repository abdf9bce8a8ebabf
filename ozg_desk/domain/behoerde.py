"""The Behörde (tenant): identity, address, signatories and member Gemeinden."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from ozg_desk.domain.anbindung import ID_NAMESPACE
from ozg_desk.domain.channels import CHANNEL_LABELS
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import FieldSpec, JsonValue, Kind, specs_by_name
from ozg_desk.domain.keys import normalize_ags, normalize_ars

TYP_LABELS: Mapping[str, str] = {
    "amt": "Amt",
    "amtsfreie_gemeinde": "amtsfreie Gemeinde",
    "landkreis": "Landkreis",
    "kreisfreie_stadt": "kreisfreie Stadt",
    "grosse_kreisangehoerige_stadt": "große kreisangehörige Stadt",
}

# Default titles of the signatories by type; the user may change them (e.g. Bürgermeisterin).
DEFAULT_TITLES: Mapping[str, tuple[str, str, str]] = {
    "amt": (
        "Amtsvorsteher/in",
        "Stellvertreter/in des Amtsvorstehers",
        "Leitende/r Verwaltungsbeamte/r",
    ),
    "amtsfreie_gemeinde": (
        "Bürgermeister/in",
        "Stellvertreter/in",
        "Leitende/r Verwaltungsbeamte/r",
    ),
    "landkreis": ("Landrat/Landrätin", "Stellvertreter/in", "Leitende/r Verwaltungsbeamte/r"),
    "kreisfreie_stadt": (
        "Oberbürgermeister/in",
        "Stellvertreter/in",
        "Leitende/r Verwaltungsbeamte/r",
    ),
    "grosse_kreisangehoerige_stadt": (
        "Bürgermeister/in",
        "Stellvertreter/in",
        "Leitende/r Verwaltungsbeamte/r",
    ),
}


def _plz(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"\d{5}", text):
        raise DomainError(f"„{text}“ ist keine Postleitzahl (5 Ziffern).")
    return text


BEHOERDE_FIELDS = specs_by_name(
    FieldSpec("ars", "Amtlicher Regionalschlüssel (ARS)", Kind.TEXT, max_length=20, required=True),
    FieldSpec("typ", "Art der Behörde", Kind.CHOICE, choices=TYP_LABELS, required=True),
    FieldSpec("name", "Name der Behörde", required=True),
    FieldSpec("strasse", "Straße und Hausnummer"),
    FieldSpec("plz", "Postleitzahl", max_length=5),
    FieldSpec("ort", "Ort"),
    FieldSpec("funktionspostfach", "Funktionspostfach", Kind.EMAIL),
    FieldSpec("telefon", "Telefon", max_length=50),
    FieldSpec("amtsvorsteher_name", "Name Amtsvorsteher/in"),
    FieldSpec("amtsvorsteher_titel", "Amtsbezeichnung Amtsvorsteher/in"),
    FieldSpec("stellvertreter_name", "Name Stellvertreter/in"),
    FieldSpec("stellvertreter_titel", "Amtsbezeichnung Stellvertreter/in"),
    FieldSpec("lvb_name", "Name Leitende/r Verwaltungsbeamte/r"),
    FieldSpec("lvb_titel", "Amtsbezeichnung Leitende/r Verwaltungsbeamte/r"),
    # The Behörde's own hourly rates for the Kennzahlen; empty: the documented default.
    FieldSpec(
        "stundensatz_einfach_mittel",
        "Stundensatz einfacher/mittlerer Dienst (€)",
        Kind.DECIMAL,
        minimum=0,
        maximum=1000,
    ),
    FieldSpec(
        "stundensatz_gehoben",
        "Stundensatz gehobener Dienst (€)",
        Kind.DECIMAL,
        minimum=0,
        maximum=1000,
    ),
    FieldSpec(
        "stundensatz_hoeher",
        "Stundensatz höherer Dienst (€)",
        Kind.DECIMAL,
        minimum=0,
        maximum=1000,
    ),
    FieldSpec("gemeinkosten", "Gemeinkostenzuschlag der KGSt einrechnen", Kind.BOOL),
    # Which Empfangskanäle count as automated, where the Behörde differs from the default:
    # channel key → „ja“ / „nein“ (migration 0010); empty: the documented default.
    FieldSpec("kanaele_automatisiert", "Automatisierte Empfangskanäle", Kind.DICT, max_length=4),
    # The Online-Quoten of the Rendite scenarios in percent; empty: the default.
    *(
        FieldSpec(name, label, Kind.DECIMAL, minimum=0, maximum=100)
        for name, label in (
            ("szenario_niedrig", "Online-Quote im niedrigen Szenario (%)"),
            ("szenario_mittel", "Online-Quote im mittleren Szenario (%)"),
            ("szenario_hoch", "Online-Quote im hohen Szenario (%)"),
        )
    ),
)
RATE_FIELDS = {
    "einfach_mittel": "stundensatz_einfach_mittel",
    "gehoben": "stundensatz_gehoben",
    "hoeher": "stundensatz_hoeher",
}

SCENARIO_FIELDS = ("szenario_niedrig", "szenario_mittel", "szenario_hoch")
AUTOMATED = {"ja": True, "nein": False}

GEMEINDE_FIELDS = specs_by_name(
    FieldSpec("ars", "ARS der Gemeinde", max_length=20, required=True),
    FieldSpec("ags", "Gemeindeschlüssel (AGS)", max_length=20),
    FieldSpec("name", "Name der Gemeinde", required=True),
)


def check_behoerde(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """Normalise the keys of a Behörde record (ARS, PLZ) after field cleaning."""
    result = dict(values)
    if isinstance(values.get("ars"), str):
        result["ars"] = normalize_ars(str(values["ars"]))
    if isinstance(values.get("plz"), str):
        result["plz"] = _plz(str(values["plz"]))
    if isinstance(channels := values.get("kanaele_automatisiert"), dict):
        _check_automated(channels)
    return result


def _check_automated(channels: Mapping[str, JsonValue]) -> None:
    for key, answer in channels.items():
        if key not in CHANNEL_LABELS:
            raise DomainError(f"„{key}“ ist kein Empfangskanal.")
        if answer not in AUTOMATED:
            raise DomainError(f"Zum Kanal {CHANNEL_LABELS[key]} gehört „ja“ oder „nein“.")


def automated_channels(values: Mapping[str, JsonValue], default: frozenset[str]) -> frozenset[str]:
    """The channels the Behörde counts as automated: the default with its own answers."""
    own = values.get("kanaele_automatisiert")
    answers = own if isinstance(own, dict) else {}
    return frozenset(
        key for key in CHANNEL_LABELS if AUTOMATED.get(str(answers.get(key)), key in default)
    )


def check_gemeinde(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """Normalise ARS and AGS of a Gemeinde."""
    result = dict(values)
    if isinstance(values.get("ars"), str):
        result["ars"] = normalize_ars(str(values["ars"]))
    if isinstance(values.get("ags"), str):
        result["ags"] = normalize_ags(str(values["ags"]))
    return result


def behoerde_id(ars: str) -> str:
    """Deterministic id of the Behörde with this ARS."""
    return str(uuid.uuid5(ID_NAMESPACE, f"behoerde:{ars}"))


def gemeinde_id(behoerde_ars: str, gemeinde_ars: str) -> str:
    """Deterministic id of a member Gemeinde."""
    return str(uuid.uuid5(ID_NAMESPACE, f"gemeinde:{behoerde_ars}:{gemeinde_ars}"))


@dataclass(frozen=True)
class Gemeinde:
    """A member Gemeinde as plain values."""

    id: str
    ars: str
    ags: str | None
    name: str


@dataclass(frozen=True)
class Behoerde:
    """The Behörde profile as plain values."""

    id: str
    values: Mapping[str, JsonValue]
    gemeinden: tuple[Gemeinde, ...]
    # Ansprechpartner by role (see kontakte.ROLLEN); a role nobody was named for is missing.
    kontakte: Mapping[str, Mapping[str, JsonValue]] = field(default_factory=dict)

    @property
    def ars(self) -> str:
        return str(self.values["ars"])

    @property
    def name(self) -> str:
        return str(self.values["name"])

    @property
    def typ_label(self) -> str:
        return TYP_LABELS.get(str(self.values.get("typ")), "")
