"""Field specifications: every editable field declared once, with its German label and rules.

The repository validates and normalises through these specs, the history shows their labels, and
sync carries their JSON values; adding a field means adding one spec.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeAlias

from ozg_desk.app.german_time import german_date
from ozg_desk.domain.errors import DomainError, ValidationError

JsonValue: TypeAlias = str | int | float | bool | list[Any] | dict[str, Any] | None

SHORT_TEXT = 200
LONG_TEXT = 20_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_DIGITS_DATE = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")


class Kind(Enum):
    """How a field's value is stored and checked."""

    TEXT = "text"
    DATE = "date"
    INT = "int"
    DECIMAL = "decimal"  # up to two decimals, typed with a comma: costs in €, a mean rating
    CHOICE = "choice"
    BOOL = "bool"
    URL = "url"
    EMAIL = "email"
    LIST = "list"
    DICT = "dict"


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: name, German label, kind and limits."""

    name: str
    label: str
    kind: Kind = Kind.TEXT
    max_length: int = SHORT_TEXT
    choices: Mapping[str, str] = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False
    item_check: Callable[[str], str] | None = None

    def clean(self, value: object) -> JsonValue:
        """Return the normalised JSON value of `value` or raise ValidationError (German)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise ValidationError(self.name, f"„{self.label}“ darf nicht leer sein.")
            return self._empty()
        try:
            return _CLEANERS[self.kind](self, value)
        except DomainError as error:
            if isinstance(error, ValidationError):
                raise
            raise ValidationError(self.name, f"{self.label}: {error}") from error

    def _empty(self) -> JsonValue:
        if self.kind is Kind.BOOL:
            return False
        if self.kind is Kind.LIST:
            return []
        if self.kind is Kind.DICT:
            return {}
        return None

    def display(self, value: JsonValue) -> str:
        """A German rendering of a stored value, for history and previews."""
        if value is None or value in ("", [], {}):
            return "—"
        render = _DISPLAY.get(self.kind)
        return render(self, value) if render else str(value)


def _display_choice(spec: FieldSpec, value: JsonValue) -> str:
    return spec.choices.get(str(value), str(value))


def _display_list(_spec: FieldSpec, value: JsonValue) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)


def _display_dict(_spec: FieldSpec, value: JsonValue) -> str:
    if not isinstance(value, dict):
        return str(value)
    return "; ".join(f"{key}: {item}" for key, item in sorted(value.items()))


def _display_decimal(_spec: FieldSpec, value: JsonValue) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return german_decimal(float(value))


_DISPLAY: dict[Kind, Callable[[FieldSpec, JsonValue], str]] = {
    Kind.CHOICE: _display_choice,
    Kind.BOOL: lambda _spec, value: "ja" if value else "nein",
    Kind.DATE: lambda _spec, value: german_date(value),
    Kind.DECIMAL: _display_decimal,
    Kind.LIST: _display_list,
    Kind.DICT: _display_dict,
}


def german_fixed(value: float, digits: int) -> str:
    """A number the German way with `digits` decimals: 1234.5, 1 → „1.234,5“."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def german_int(number: int) -> str:
    """Format an integer with German thousands separators: 4813 → 4.813."""
    return german_fixed(number, 0)


def german_number(value: float) -> str:
    """Whole numbers without decimals, others with two: 1600 → „1.600“, 42.2 → „42,20“."""
    return german_fixed(value, 0 if float(value).is_integer() else 2)


def _clean_text(spec: FieldSpec, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(spec.name, f"„{spec.label}“ muss ein Text sein.")
    text = value.strip()
    if len(text) > spec.max_length:
        raise ValidationError(
            spec.name,
            f"„{spec.label}“ ist mit {german_int(len(text))} Zeichen zu lang (höchstens "
            f"{german_int(spec.max_length)}).",
        )
    if "\x00" in text:
        raise ValidationError(spec.name, f"„{spec.label}“ enthält ungültige Steuerzeichen.")
    return text


def parse_date(value: object) -> dt.date:
    """A date from a date, an ISO string (`2027-12-31`) or the ways Germans type one:
    `31.12.2027`, `31.12.27`, `1.2.27`, `31122027`, `311227` (two-digit years are 19xx from 90
    on, 20xx below: the years a record can name)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        german = _GERMAN_DATE.match(text) or _DIGITS_DATE.match(text)
        try:
            if german:
                day, month, year = (int(part) for part in german.groups())
                if len(german.group(3)) == 2:
                    year += 1900 if year >= 90 else 2000
                return dt.date(year, month, day)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise DomainError(f"„{value}“ ist kein gültiges Datum (TT.MM.JJJJ).")


def _clean_date(spec: FieldSpec, value: object) -> str:
    day = parse_date(value)
    if not 1990 <= day.year <= 2100:
        raise ValidationError(
            spec.name, f"„{spec.label}“: das Jahr {day.year} ist nicht plausibel."
        )
    return day.isoformat()


def _clean_int(spec: FieldSpec, value: object) -> int:
    if isinstance(value, bool):
        raise ValidationError(spec.name, f"„{spec.label}“ muss eine ganze Zahl sein.")
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(" ", "")
        if not text.lstrip("-").isdigit():
            raise ValidationError(spec.name, f"„{spec.label}“ muss eine ganze Zahl sein.")
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError(spec.name, f"„{spec.label}“ muss eine ganze Zahl sein.")
    if spec.minimum is not None and value < spec.minimum:
        raise ValidationError(spec.name, f"„{spec.label}“ muss mindestens {spec.minimum} sein.")
    if spec.maximum is not None and value > spec.maximum:
        raise ValidationError(spec.name, f"„{spec.label}“ darf höchstens {spec.maximum} sein.")
    return value


def _clean_decimal(spec: FieldSpec, value: object) -> float:
    wrong = ValidationError(spec.name, f"„{spec.label}“ muss eine Zahl sein, z. B. 4,25.")
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("€", "")
        if "," in text:  # German: 1.234,50
            text = text.replace(".", "").replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise wrong
        value = float(text)
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise wrong
    number = round(float(value), 2)
    if spec.minimum is not None and number < spec.minimum:
        raise ValidationError(spec.name, f"„{spec.label}“ muss mindestens {spec.minimum} sein.")
    if spec.maximum is not None and number > spec.maximum:
        raise ValidationError(
            spec.name, f"„{spec.label}“ darf höchstens {german_int(spec.maximum)} sein."
        )
    return number


def german_decimal(value: float) -> str:
    """As typed, without trailing zeros: 4.25 → „4,25“, 1234.5 → „1.234,5“, 3.0 → „3“."""
    return german_fixed(value, 2).rstrip("0").rstrip(",")


def _clean_choice(spec: FieldSpec, value: object) -> str:
    text = value.value if isinstance(value, Enum) else value
    if not isinstance(text, str) or text not in spec.choices:
        allowed = ", ".join(spec.choices.values())
        raise ValidationError(
            spec.name, f"„{spec.label}“: „{text}“ ist nicht zulässig ({allowed})."
        )
    return text


def _clean_bool(spec: FieldSpec, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(spec.name, f"„{spec.label}“ muss ja oder nein sein.")
    return value


def _clean_url(spec: FieldSpec, value: object) -> str:
    text = _clean_text(spec, value)
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.IGNORECASE):
        raise ValidationError(spec.name, f"„{spec.label}“ muss eine Adresse mit https:// sein.")
    return text


def _clean_email(spec: FieldSpec, value: object) -> str:
    text = _clean_text(spec, value)
    if not _EMAIL.match(text):
        raise ValidationError(spec.name, f"„{spec.label}“: „{text}“ ist keine E-Mail-Adresse.")
    return text


def _clean_list(spec: FieldSpec, value: object) -> list[Any]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError(spec.name, f"„{spec.label}“ muss eine Liste sein.")
    check = spec.item_check or (lambda item: item)
    items = {check(str(item)) for item in value}
    if spec.maximum is not None and len(items) > spec.maximum:
        raise ValidationError(spec.name, f"„{spec.label}“ hat zu viele Einträge.")
    return sorted(items)


def _clean_dict(spec: FieldSpec, value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(spec.name, f"„{spec.label}“ hat eine ungültige Form.")
    cleaned: dict[str, Any] = {}
    for key, item in value.items():
        if item is None or (isinstance(item, str) and not item.strip()):
            continue
        if not isinstance(key, str) or not isinstance(item, str):
            raise ValidationError(spec.name, f"„{spec.label}“ hat eine ungültige Form.")
        if len(item) > spec.max_length:
            raise ValidationError(spec.name, f"„{spec.label}“: ein Eintrag ist zu lang.")
        cleaned[key] = item.strip()
    return cleaned


_CLEANERS: dict[Kind, Callable[[FieldSpec, object], JsonValue]] = {
    Kind.TEXT: _clean_text,
    Kind.DATE: _clean_date,
    Kind.INT: _clean_int,
    Kind.DECIMAL: _clean_decimal,
    Kind.CHOICE: _clean_choice,
    Kind.BOOL: _clean_bool,
    Kind.URL: _clean_url,
    Kind.EMAIL: _clean_email,
    Kind.LIST: _clean_list,
    Kind.DICT: _clean_dict,
}


def specs_by_name(*specs: FieldSpec) -> dict[str, FieldSpec]:
    """Index specs by field name, refusing duplicates."""
    index = {spec.name: spec for spec in specs}
    assert len(index) == len(specs), "duplicate field spec"
    return index
