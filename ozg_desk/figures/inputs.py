"""What the figures are computed from: plain values of records, their status history, the
Behörde's settings and the documented defaults. Nothing here reads a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ozg_desk.domain.fields import JsonValue
from ozg_desk.domain.lifecycle import Status
from ozg_desk.domain.listing import counts_as_relevant
from ozg_desk.figures.defaults import Defaults


@dataclass(frozen=True)
class StatusStep:
    """One status change from the history: on `day` the status became `new`."""

    day: dt.date
    new: str


@dataclass(frozen=True)
class LeistungRecord:
    """An OZG-Leistung as the figures see it; `values` are the Anbindung's fields (empty when
    the Leistung is not tracked)."""

    ozg_id: str
    themenfeld: str
    values: Mapping[str, JsonValue] = field(default_factory=dict)
    history: tuple[StatusStep, ...] = ()
    kommunal: bool = False  # usually executed by a Kommune (from the Typisierung)

    @property
    def tracked(self) -> bool:
        return bool(self.values)

    @property
    def status(self) -> str | None:
        status = self.values.get("status")
        return status if isinstance(status, str) else None

    @property
    def relevant(self) -> bool:
        return counts_as_relevant(self.kommunal, self.status if self.tracked else None)

    @property
    def online(self) -> bool:
        return self.status == Status.ONLINE

    def number(self, name: str) -> float | None:
        """A numeric field, or None when it was not entered (never 0 for „no data“)."""
        value = self.values.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) and value else None

    def covers(self, gemeinde_ars: str) -> bool:
        """Whether the Anbindung applies to this member Gemeinde."""
        if self.values.get("alle_gemeinden", True) is True:
            return True
        gemeinden = self.values.get("gemeinden")
        return isinstance(gemeinden, list) and gemeinde_ars in gemeinden


@dataclass(frozen=True)
class Inputs:
    """Everything one computation needs."""

    records: tuple[LeistungRecord, ...]
    defaults: Defaults
    gemeinden: Mapping[str, str] = field(default_factory=dict)  # ARS → name
    # The Behörde's own hourly rates (Laufbahngruppe → €/h) replace the defaults they name.
    hourly_rates: Mapping[str, float] = field(default_factory=dict)
    overhead: bool = False  # the KGSt surcharge, switched on by the Behörde
    scenarios: tuple[float, ...] | None = None  # online shares 0..1; None: the defaults'
    today: dt.date = field(default_factory=dt.date.today)

    def relevant(self) -> list[LeistungRecord]:
        return [record for record in self.records if record.relevant]

    def online(self) -> list[LeistungRecord]:
        return [record for record in self.records if record.relevant and record.online]

    def scenario_shares(self) -> tuple[float, ...]:
        return self.scenarios if self.scenarios is not None else self.defaults.scenarios.values
