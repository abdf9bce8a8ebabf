"""The OZG catalogue: Themenfeld, Lage, OZG-Leistung, LeiKa-Leistung and the Typisierung."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Types whose execution usually lies with a Kommune (see docs: domain, section 2).
_KOMMUNAL_BASES = {"2/3", "3", "4", "5"}
_TYPE_TOKEN = re.compile(r"^(?:typ\s*)?(\d{1,2}[ab]?(?:/\d{1,2}[ab]?)?)$", re.IGNORECASE)
_TOKEN_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|\+)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Typisierung:
    """A Typisierung as found in the source (`raw`) and as canonical type codes."""

    raw: str
    codes: tuple[str, ...]
    unparsed: tuple[str, ...] = ()

    @property
    def normalized(self) -> str | None:
        """Canonical text such as `1,2/3`; None when the source had no usable value."""
        return ",".join(self.codes) or None

    @property
    def kommunal(self) -> bool:
        """Whether any of the types is usually executed by a Kommune."""
        return is_kommunal(self.codes)


def parse_typisierung(raw: str) -> Typisierung:
    """Normalise free-text Typisierung (`2/3`, `1, 2/3`, `Typ 4`, empty, `6`) without failing.

    Tokens that are not recognisable types are kept in `unparsed`; the raw value is kept as is.
    """
    codes: list[str] = []
    unparsed: list[str] = []
    for token in _TOKEN_SPLIT.split(raw.strip()):
        if not token:
            continue
        match = _TYPE_TOKEN.match(token)
        if match is None:
            unparsed.append(token)
            continue
        code = match.group(1).lower()
        if code not in codes:
            codes.append(code)
    return Typisierung(
        raw=raw, codes=tuple(sorted(codes, key=code_order)), unparsed=tuple(unparsed)
    )


def code_order(code: str) -> tuple[int, str]:
    number = re.match(r"\d+", code)
    return (int(number.group(0)) if number else 99, code)


def is_kommunal(codes: Iterable[str]) -> bool:
    """Whether any of the type codes (a/b variants included) is kommunal vollzogen."""
    return any(re.sub(r"[ab]", "", code) in _KOMMUNAL_BASES for code in codes)


def split_codes(normalized: str | None) -> tuple[str, ...]:
    """Inverse of `Typisierung.normalized`."""
    return tuple(normalized.split(",")) if normalized else ()


@dataclass(frozen=True)
class OzgLeistung:
    """An OZG-Leistung (Leistungsbündel) as the catalogue describes it."""

    ozg_id: str
    name: str
    themenfeld: str
    lage: str
    anzahl_leika: int | None = None


@dataclass(frozen=True)
class LeikaLeistung:
    """A LeiKa-Leistung; `schluessel` is None for services that are not in the LeiKa."""

    schluessel: str | None
    name: str
    typisierung: Typisierung
    ozg_id: str | None
    rechtsgrundlage: str = ""


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
