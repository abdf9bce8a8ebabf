"""The documented defaults (hourly rates, travel times, scenarios, automated channels, time
values), read from resources/kennzahlen/standardwerte.toml with value, unit, source and Stand."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ozg_desk.app.errors import KnownError
from ozg_desk.app.resources import resources_dir
from ozg_desk.domain.anbindung import LAUFBAHNGRUPPEN, WEGEZEIT_EBENEN
from ozg_desk.domain.fields import german_number
from ozg_desk.figures.time_values import TimeValues, activity


@dataclass(frozen=True)
class Default:
    """One default value with where it comes from; `cost` is the travel cost of a Wegezeit."""

    name: str
    value: float
    unit: str
    source: str
    stand: str
    to_check: bool
    cost: float | None = None

    def cite(self) -> str:
        """„Stundensatz … 42,20 €/h (Quelle …, Stand 2025, zu prüfen)“."""
        check = ", zu prüfen" if self.to_check else ""
        value = f"{german_number(self.value)} {self.unit}"
        return f"{self.name}: {value} ({self.source}, Stand {self.stand}{check})"


@dataclass(frozen=True)
class Scenarios:
    values: tuple[float, ...]  # shares 0..1
    source: str


@dataclass(frozen=True)
class Defaults:
    hourly_rates: Mapping[str, Default]
    overhead: Default
    hours_per_fte: Default
    travel: Mapping[str, Default]
    scenarios: Scenarios
    automated_channels: frozenset[str]
    automated_source: str
    time_values: TimeValues


def _entry(data: Mapping[str, Any], sources: Mapping[str, str]) -> Default:
    return Default(
        name=str(data["name"]),
        value=float(data["wert"]),
        unit=str(data["einheit"]),
        source=sources[str(data["quelle"])],
        stand=str(data["stand"]),
        to_check=bool(data["zu_pruefen"]),
        cost=float(data["kosten"]) if "kosten" in data else None,
    )


def parse(text: str) -> Defaults:
    """The defaults from the TOML text; a malformed file is a KnownError naming the problem."""
    try:
        data = tomllib.loads(text)
        sources = data["quellen"]
        scenarios = data["szenarien"]
        automated = data["automatisiert"]
        times = data["zeitwerte"]
        return Defaults(
            hourly_rates={k: _entry(data["stundensatz"][k], sources) for k in LAUFBAHNGRUPPEN},
            overhead=_entry(data["gemeinkosten"], sources),
            hours_per_fte=_entry(data["stunden_je_vzae"], sources),
            travel={
                k: _entry(data["wegezeit"][k], sources) for k in WEGEZEIT_EBENEN if k != "keine"
            },
            scenarios=Scenarios(
                tuple(float(v) / 100 for v in scenarios["werte"]), sources[scenarios["quelle"]]
            ),
            automated_channels=frozenset(str(k) for k in automated["kanaele"]),
            automated_source=sources[automated["quelle"]],
            time_values=TimeValues(
                tuple(activity(str(a["name"]), a["minuten"]) for a in times["taetigkeit"]),
                sources[times["quelle"]],
                str(times["stand"]),
                bool(times["zu_pruefen"]),
            ),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise KnownError(f"Die Standardwerte der Kennzahlen sind fehlerhaft ({error}).") from error


def defaults_file() -> Path:
    return resources_dir() / "kennzahlen" / "standardwerte.toml"


@cache
def shipped_defaults() -> Defaults:
    return parse(defaults_file().read_text(encoding="utf-8"))
