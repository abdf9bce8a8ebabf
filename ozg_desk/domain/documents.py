"""The document register: every generated paper with its number, type, Leistungen, template
version, checksum, and where it stands (erzeugt → gedruckt → unterschrieben zurück → versandt →
bestätigt). Register entries sync like any record; the PDF itself stays on the PC."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.anbindung import ID_NAMESPACE
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import LONG_TEXT, FieldSpec, JsonValue, Kind, specs_by_name
from ozg_desk.domain.keys import normalize_ozg_id

STATES = ("erzeugt", "gedruckt", "unterschrieben", "versandt", "bestaetigt")
STATE_LABELS: Mapping[str, str] = {
    "erzeugt": "erzeugt",
    "gedruckt": "gedruckt",
    "unterschrieben": "unterschrieben zurück",
    "versandt": "versandt",
    "bestaetigt": "bestätigt",
}
# The date field each state (after the first) records when it is reached.
STATE_DATES: Mapping[str, str] = {
    "gedruckt": "gedruckt_am",
    "unterschrieben": "unterschrieben_am",
    "versandt": "versandt_am",
    "bestaetigt": "bestaetigt_am",
}


def _ozg_id(text: str) -> str:
    return normalize_ozg_id(text)


DOKUMENT_FIELDS = specs_by_name(
    FieldSpec("nummer", "Dokument-Nr.", max_length=20, required=True),
    FieldSpec("typ", "Dokumenttyp", max_length=60, required=True),
    FieldSpec("titel", "Titel", required=True),
    FieldSpec("leistungen", "Leistungen", Kind.LIST, maximum=1000, item_check=_ozg_id),
    FieldSpec("vorlage_version", "Vorlagenversion", max_length=40, required=True),
    FieldSpec("sha256", "SHA-256", max_length=64, required=True),
    FieldSpec("pruefwert", "Prüfwert", max_length=10, required=True),
    FieldSpec("erstellt_am", "erzeugt am", max_length=32, required=True),
    FieldSpec("zustand", "Stand", Kind.CHOICE, choices=STATE_LABELS, required=True),
    FieldSpec("gedruckt_am", "gedruckt am", Kind.DATE),
    FieldSpec("unterschrieben_am", "unterschrieben zurück am", Kind.DATE),
    FieldSpec("versandt_am", "versandt am", Kind.DATE),
    FieldSpec("bestaetigt_am", "bestätigt am", Kind.DATE),
    FieldSpec("bemerkung", "Bemerkung", max_length=LONG_TEXT),
)


def dokument_id(behoerde_ars: str, nummer: str) -> str:
    """Deterministic id of a register entry: one per document number and Behörde."""
    return str(uuid.uuid5(ID_NAMESPACE, f"dokument:{behoerde_ars}:{nummer}"))


def check_dokument(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """The date of every state reached so far must be recorded (none for later ones)."""
    state = str(values.get("zustand") or "erzeugt")
    reached = STATES[: STATES.index(state) + 1] if state in STATES else STATES[:1]
    for name, field in STATE_DATES.items():
        if name == state and not values.get(field):
            raise DomainError(f"Für „{STATE_LABELS[name]}“ fehlt das Datum.")
        if name not in reached and values.get(field):
            raise DomainError(
                f"„{STATE_LABELS[name]}“ ist noch nicht erreicht, hat aber ein Datum."
            )
    return dict(values)


def settle_dokument(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """Clear the dates of states not reached: what deciding a conflict for one side's state
    implies for dates the other side recorded further on."""
    state = str(values.get("zustand") or "erzeugt")
    reached = STATES[: STATES.index(state) + 1] if state in STATES else STATES[:1]
    later = {field: None for name, field in STATE_DATES.items() if name not in reached}
    return {**values, **later}


def _local_day(moment: JsonValue) -> str:
    """The calendar day, on this PC's clock, of an ISO time with offset (as the UI shows it)."""
    try:
        return dt.datetime.fromisoformat(str(moment)).astimezone().date().isoformat()
    except ValueError:
        return ""


def advance(
    values: Mapping[str, JsonValue], state: str, date: dt.date, today: dt.date
) -> dict[str, JsonValue]:
    """The fields to change to move a document forward to `state` on `date`.

    A document's way is a record of facts: no date in the future, none before the document was
    made or before the step recorded last.
    """
    if state not in STATES[1:]:
        raise DomainError(f"„{state}“ ist kein Stand eines Dokuments.")
    current = str(values.get("zustand") or "erzeugt")
    if STATES.index(state) <= STATES.index(current):
        raise DomainError(
            f"Das Dokument ist bereits „{STATE_LABELS[current]}“; "
            f"„{STATE_LABELS[state]}“ liegt nicht mehr vor ihm."
        )
    if date > today:
        raise DomainError(f"Der {german_date(date)} liegt in der Zukunft.")
    earlier = [_local_day(values.get("erstellt_am"))]
    earlier += [str(values.get(field) or "") for field in STATE_DATES.values()]
    latest = max(text for text in earlier if text) if any(earlier) else ""
    if latest and date.isoformat() < latest:
        raise DomainError(
            f"Der {german_date(date)} liegt vor dem letzten Schritt des Dokuments "
            f"({german_date(latest)})."
        )
    return {"zustand": state, STATE_DATES[state]: date.isoformat()}
