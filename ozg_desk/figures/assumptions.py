"""The Behörde's own assumptions over the documented defaults (automated channels, Rendite
scenarios), and the lines the editor shows beside each Anbindung input that has a default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ozg_desk.domain.anbindung import LAUFBAHNGRUPPEN
from ozg_desk.domain.behoerde import RATE_FIELDS, SCENARIO_FIELDS, automated_channels
from ozg_desk.domain.fields import JsonValue, german_fixed, german_number
from ozg_desk.figures.defaults import Default, Defaults, Scenarios

OWN = "Angabe der Behörde"


def _number(value: JsonValue) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def scenario_shares(values: Mapping[str, JsonValue], defaults: Defaults) -> tuple[float, ...]:
    """The three shares (0..1): the Behörde's where it entered one, else the default's; each
    share once, in ascending order (two equal scenarios would be one)."""
    shares = [
        own / 100 if (own := _number(values.get(name))) is not None else default
        for name, default in zip(SCENARIO_FIELDS, defaults.scenarios.values, strict=False)
    ]
    return tuple(sorted(set(shares)))


def with_behoerde(defaults: Defaults, values: Mapping[str, JsonValue]) -> Defaults:
    """The defaults with the Behörde's channels and scenarios where they differ; their source
    then reads „Angabe der Behörde“."""
    channels = automated_channels(values, defaults.automated_channels)
    if channels != defaults.automated_channels:
        defaults = replace(defaults, automated_channels=channels, automated_source=OWN)
    shares = scenario_shares(values, defaults)
    if shares != defaults.scenarios.values:
        defaults = replace(defaults, scenarios=Scenarios(shares, OWN))
    return defaults


def percent(shares: tuple[float, ...]) -> str:
    """(0.2, 0.4, 0.6) → „20 / 40 / 60 %“."""
    return " / ".join(german_number(round(share * 100, 2)) for share in shares) + " %"


def _source(entry: Default) -> str:
    check = ", zu prüfen" if entry.to_check else ""
    return f"{entry.source}, Stand {entry.stand}{check}"


@dataclass(frozen=True)
class Hint:
    """What an input falls back on: the full text with sources, and a short form for an empty
    field's placeholder (None: the field shows no placeholder)."""

    text: str
    short: str | None = None


def input_hints(defaults: Defaults, behoerde: Mapping[str, JsonValue]) -> dict[str, Hint]:
    """Per Anbindung field: the default the figures use while it is empty or for its choice,
    with the source, and the Behörde's own value where it has one."""
    rates = []
    for group, label in LAUFBAHNGRUPPEN.items():
        own = _number(behoerde.get(RATE_FIELDS[group]))
        entry = defaults.hourly_rates[group]
        standard = f"{german_fixed(entry.value, 2)} €/h"
        if own is not None:
            rates.append(f"{label} {german_fixed(own, 2)} €/h ({OWN}; Standard {standard})")
        else:
            rates.append(f"{label} {standard}")
    sources = {_source(entry) for entry in defaults.hourly_rates.values()}
    rate_text = "Stundensätze: " + ", ".join(rates) + ". Standard: " + "; ".join(sorted(sources))
    if behoerde.get("gemeinkosten") is True:
        rate_text += f". Zuzüglich {defaults.overhead.cite()}"
    travel = [
        f"{entry.name.removeprefix('Wegezeit ')} {german_number(entry.value)} {entry.unit}"
        + (f" und {german_number(entry.cost)} € Wegekosten" if entry.cost is not None else "")
        for entry in defaults.travel.values()
    ]
    travel_sources = sorted({_source(entry) for entry in defaults.travel.values()})
    shares = scenario_shares(behoerde, defaults)
    scenario_source = OWN if shares != defaults.scenarios.values else defaults.scenarios.source
    return {
        "laufbahngruppe": Hint(rate_text + "."),
        "wegezeit_ebene": Hint(
            f"Standard-Wegezeiten je Fall: {', '.join(travel)}. "
            f"Quelle: {'; '.join(travel_sources)}."
        ),
        "online_antraege": Hint(
            f"Leer: gerechnet mit den Szenarien {percent(shares)} Online-Quote "
            f"({scenario_source}).",
            f"leer: Szenarien {percent(shares)}",
        ),
    }
