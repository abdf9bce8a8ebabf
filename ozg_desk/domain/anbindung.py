"""The Anbindung (Behörde × OZG-Leistung) and its checklist: fields, rules and record types."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from ozg_desk.domain import reifegrad
from ozg_desk.domain.channels import CHANNEL_LABELS, check_details
from ozg_desk.domain.errors import DomainError, ValidationError
from ozg_desk.domain.fields import LONG_TEXT, FieldSpec, JsonValue, Kind, specs_by_name
from ozg_desk.domain.keys import normalize_ars
from ozg_desk.domain.lifecycle import STATUS_LABELS

# Namespace for deterministic record ids: two devices that create the Anbindung of the same
# Behörde and OZG-Leistung while offline create the same record, which sync can then merge.
ID_NAMESPACE = uuid.UUID("5b0c4c8e-2f7a-4d0e-9a53-0f3d0c2a7e11")

NACHNUTZUNG_LABELS: Mapping[str, str] = {
    "efa": "EfA-Nachnutzung",
    "landesloesung": "Landeslösung (MV-Serviceportal / eGo-MV)",
    "eigen": "Eigenentwicklung",
    "markt": "Marktlösung",
    "bund": "Bundesdienst",
    "offen": "offen",
}

PRIORITAET_LABELS: Mapping[str, str] = {"hoch": "hoch", "mittel": "mittel", "niedrig": "niedrig"}

CHECK_STATE_LABELS: Mapping[str, str] = {
    "fehlt": "fehlt",
    "unvollstaendig": "unvollständig",
    "vollstaendig": "vollständig",
    "bestaetigt": "bestätigt",
}


# Who does the work (its hourly rate) and where citizens would have to go without the online
# service (their Wegezeit); the rates and times themselves are defaults with sources (figures/).
LAUFBAHNGRUPPEN: Mapping[str, str] = {
    "einfach_mittel": "einfacher/mittlerer Dienst",
    "gehoben": "gehobener Dienst",
    "hoeher": "höherer Dienst",
}
WEGEZEIT_EBENEN: Mapping[str, str] = {
    "keine": "kein Behördengang",
    "gemeinde": "Gemeinde",
    "kreis": "Kreis",
    "land": "Land",
}
MONEY = 100_000_000  # € per item; above that is a typing error


def _gemeinde_ars(value: str) -> str:
    return normalize_ars(value)


ANBINDUNG_FIELDS = specs_by_name(
    FieldSpec(
        "status",
        "Status",
        Kind.CHOICE,
        choices={s.value: label for s, label in STATUS_LABELS.items()},
        required=True,
    ),
    FieldSpec("status_begruendung", "Begründung des Status", max_length=2000),
    FieldSpec("zieltermin", "Zieltermin", Kind.DATE),
    FieldSpec("golive_datum", "Go-live-Datum", Kind.DATE),
    FieldSpec("prioritaet", "Priorität", Kind.CHOICE, choices=PRIORITAET_LABELS),
    FieldSpec("fallzahl", "Fallzahl pro Jahr", Kind.INT, minimum=0, maximum=10_000_000),
    FieldSpec("verantwortlich", "verantwortlich"),
    FieldSpec("nachnutzungsmodell", "Nachnutzungsmodell", Kind.CHOICE, choices=NACHNUTZUNG_LABELS),
    FieldSpec("empfangskanal", "Empfangskanal", Kind.CHOICE, choices=CHANNEL_LABELS),
    FieldSpec("kanal_details", "Angaben zum Empfangskanal", Kind.DICT, max_length=500),
    FieldSpec("alle_gemeinden", "alle Gemeinden", Kind.BOOL),
    FieldSpec("gemeinden", "erfasste Gemeinden", Kind.LIST, maximum=500, item_check=_gemeinde_ars),
    FieldSpec("reifegrad", "Reifegrad", Kind.INT, minimum=0, maximum=7),
    FieldSpec(
        "reifegrad_modell",
        "Reifegradmodell",
        Kind.CHOICE,
        choices={v: m.title for v, m in reifegrad.MODELS.items()},
    ),
    FieldSpec("nachweis_link", "Nachweis (Link)", Kind.URL, max_length=2000),
    FieldSpec("nachweis_notiz", "Nachweis (Notiz)", max_length=2000),
    FieldSpec("nachweis_datum", "Nachweis vom", Kind.DATE),
    FieldSpec("notizen", "Notizen", max_length=LONG_TEXT),
    # The inputs of the Kennzahlen (docs: kennzahlen); missing ones are left out, never zero.
    FieldSpec("fallzahl_quelle", "Quelle der Fallzahl", max_length=500),
    FieldSpec(
        "online_antraege", "Online-Anträge pro Jahr", Kind.INT, minimum=0, maximum=10_000_000
    ),
    FieldSpec(
        "online_antraege_jahr", "Online-Anträge im Jahr", Kind.INT, minimum=2000, maximum=2100
    ),
    FieldSpec("minuten_papier", "Minuten je Fall auf Papier", Kind.INT, minimum=0, maximum=100_000),
    FieldSpec("minuten_online", "Minuten je Fall online", Kind.INT, minimum=0, maximum=100_000),
    FieldSpec(
        "laufbahngruppe", "Laufbahngruppe der Bearbeitung", Kind.CHOICE, choices=LAUFBAHNGRUPPEN
    ),
    FieldSpec(
        "wegezeit_ebene", "Behördengang ohne Online-Dienst", Kind.CHOICE, choices=WEGEZEIT_EBENEN
    ),
    FieldSpec(
        "wartezeit_minuten", "Wartezeit vor Ort (Minuten)", Kind.INT, minimum=0, maximum=1_000
    ),
    FieldSpec(
        "sachkosten_je_fall",
        "Gesparte Sachkosten je Fall (€)",
        Kind.DECIMAL,
        minimum=0,
        maximum=100_000,
    ),
    FieldSpec("kosten_einmalig", "Einmalige Kosten (€)", Kind.DECIMAL, minimum=0, maximum=MONEY),
    FieldSpec(
        "kosten_jaehrlich", "Laufende Kosten pro Jahr (€)", Kind.DECIMAL, minimum=0, maximum=MONEY
    ),
    FieldSpec("zufriedenheit", "Zufriedenheit (1 bis 5)", Kind.DECIMAL, minimum=1, maximum=5),
    FieldSpec("zufriedenheit_n", "Anzahl der Bewertungen", Kind.INT, minimum=0, maximum=10_000_000),
    FieldSpec("zufriedenheit_quelle", "Quelle der Bewertungen", max_length=500),
    FieldSpec("zufriedenheit_datum", "Bewertungen vom", Kind.DATE),
    # Deadlines for „Fällig“ (migration 0010): the channel's certificate, AVV and contract.
    FieldSpec("zertifikat_gueltig_bis", "Zertifikat des Empfangskanals gültig bis", Kind.DATE),
    FieldSpec("avv_verlaengerung_am", "AVV zu verlängern bis", Kind.DATE),
    FieldSpec("vertrag_verlaengerung_am", "Vertrag zu verlängern bis", Kind.DATE),
)
DEADLINE_FIELDS = ("avv_verlaengerung_am", "vertrag_verlaengerung_am")
ECONOMIC_FIELDS = (
    "fallzahl_quelle",
    "online_antraege",
    "online_antraege_jahr",
    "minuten_papier",
    "minuten_online",
    "laufbahngruppe",
    "wegezeit_ebene",
    "wartezeit_minuten",
    "sachkosten_je_fall",
    "kosten_einmalig",
    "kosten_jaehrlich",
    "zufriedenheit",
    "zufriedenheit_n",
    "zufriedenheit_quelle",
    "zufriedenheit_datum",
)

CHECKLIST_FIELDS = specs_by_name(
    FieldSpec("titel", "Punkt", required=True),
    FieldSpec("zustand", "Zustand", Kind.CHOICE, choices=CHECK_STATE_LABELS, required=True),
    FieldSpec("faellig", "fällig am", Kind.DATE),
    FieldSpec("erledigt_am", "erledigt am", Kind.DATE),
    FieldSpec("notiz", "Notiz", max_length=2000),
    FieldSpec("position", "Reihenfolge", Kind.INT, minimum=0, maximum=10_000, required=True),
)


@dataclass(frozen=True)
class ChecklistTemplateItem:
    """A checklist item every new Anbindung starts with."""

    key: str
    titel: str


# Our default after the MV-Serviceportal checklist (domain brief, section 4); configurable later.
DEFAULT_CHECKLIST: tuple[ChecklistTemplateItem, ...] = (
    ChecklistTemplateItem("relevanz", "Relevanz, Priorität und Fallzahlen geklärt"),
    ChecklistTemplateItem("loesung", "Lösung gewählt (EfA, Landeslösung, eigene, Markt)"),
    ChecklistTemplateItem(
        "unterlagen", "Unterlagen unterzeichnet (Amtsvorsteher, Stellvertreter, Siegel)"
    ),
    ChecklistTemplateItem("redaktion", "Leistung, OE und Zuständigkeit in Infodienste.MV gepflegt"),
    ChecklistTemplateItem("empfangskanal", "Empfangskanal eingerichtet"),
    ChecklistTemplateItem("epayment", "ePayment beantragt (falls Gebühren anfallen)"),
    ChecklistTemplateItem("test", "Zugang Testumgebung erhalten und getestet"),
    ChecklistTemplateItem("golive", "Go-live bestätigt"),
)

NEW_ANBINDUNG_DEFAULTS: Mapping[str, JsonValue] = {
    "status": "offen",
    "alle_gemeinden": True,
    "gemeinden": [],
    "kanal_details": {},
    "reifegrad_modell": reifegrad.DEFAULT_MODEL.version,
}


def anbindung_id(behoerde_ars: str, ozg_id: str) -> str:
    """The deterministic id of the Anbindung of a Behörde for an OZG-Leistung."""
    return str(uuid.uuid5(ID_NAMESPACE, f"anbindung:{behoerde_ars}:{ozg_id}"))


def checklist_item_id(anbindung: str, key: str) -> str:
    """The deterministic id of a template checklist item of an Anbindung."""
    return str(uuid.uuid5(ID_NAMESPACE, f"checklist:{anbindung}:{key}"))


def check_anbindung(values: Mapping[str, JsonValue]) -> None:
    """Rules across fields: Reifegrad within its model, channel details matching the channel."""
    level = values.get("reifegrad")
    if isinstance(level, int):
        model = reifegrad.MODELS.get(str(values.get("reifegrad_modell") or ""))
        if model is None:
            raise ValidationError("reifegrad_modell", "Zum Reifegrad gehört ein Reifegradmodell.")
        if level > model.maximum:
            raise ValidationError(
                "reifegrad", f"Im {model.title} ist der höchste Reifegrad {model.maximum}."
            )
    details = values.get("kanal_details") or {}
    if isinstance(details, dict):
        try:
            check_details(_optional_str(values.get("empfangskanal")), details)
        except DomainError as error:
            raise ValidationError("kanal_details", str(error)) from error


def _optional_str(value: JsonValue) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class ChecklistItem:
    """A checklist item as the GUI sees it."""

    id: str
    key: str
    titel: str
    zustand: str
    faellig: str | None
    erledigt_am: str | None
    notiz: str | None
    position: int


@dataclass(frozen=True)
class AnbindungRecord:
    """An Anbindung as plain values for the GUI and reports (never a live database row)."""

    id: str
    behoerde_id: str
    ozg_id: str
    values: Mapping[str, JsonValue]
    checklist: tuple[ChecklistItem, ...]
    server_version: int | None
    updated_at: str

    def __getitem__(self, name: str) -> JsonValue:
        return self.values.get(name)
