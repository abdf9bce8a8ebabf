"""What the figures are computed from: plain values of records, their status history, the
Behörde's settings and the documented defaults. Nothing here reads a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

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
class StatusCourse:
    """A record's status history reduced to what the figures read from it.

    The store reduces the history in its query (so does the server); `of` reduces a list of
    steps. `online` are the periods in which the status was „online“ at the end of each day,
    `[from, until)` (until None: still online at the last step), merged where they touch.
    """

    first: dt.date | None = None  # the first and the last step: the span of the Fortschritt
    last: dt.date | None = None
    planned: dt.date | None = None  # the first step to „geplant“
    online_after_planned: dt.date | None = None  # the first step to „online“ on or after it
    online: tuple[tuple[dt.date, dt.date | None], ...] = ()

    @classmethod
    def of(cls, steps: Iterable[StatusStep]) -> StatusCourse:
        """Reduce steps in their order; steps of one day keep their order (a stable sort)."""
        ordered = sorted(steps, key=lambda step: step.day)
        if not ordered:
            return cls()
        planned = next((step.day for step in ordered if step.new == Status.PLANNED), None)
        after = None
        if planned is not None:
            after = next(
                (s.day for s in ordered if s.new == Status.ONLINE and s.day >= planned), None
            )
        periods: list[tuple[dt.date, dt.date | None]] = []
        since: dt.date | None = None
        for day, group in groupby(ordered, key=lambda step: step.day):
            online = list(group)[-1].new == Status.ONLINE  # the status at the day's end
            if online and since is None:
                since = day
            elif not online and since is not None:
                periods.append((since, day))
                since = None
        if since is not None:
            periods.append((since, None))
        return cls(ordered[0].day, ordered[-1].day, planned, after, tuple(periods))


@dataclass(frozen=True)
class LeistungRecord:
    """An OZG-Leistung as the figures see it; `values` are the Anbindung's fields (empty when
    the Leistung is not tracked)."""

    ozg_id: str
    themenfeld: str
    values: Mapping[str, JsonValue] = field(default_factory=dict)
    history: tuple[StatusStep, ...] = ()
    kommunal: bool = False  # usually executed by a Kommune (from the Typisierung)
    # The history already reduced (the store's and the server's query); None: from `history`.
    reduced: StatusCourse | None = None

    @cached_property
    def course(self) -> StatusCourse:
        return self.reduced if self.reduced is not None else StatusCourse.of(self.history)

    @property
    def tracked(self) -> bool:
        return bool(self.values)

    @cached_property
    def status(self) -> str | None:
        status = self.values.get("status")
        return status if isinstance(status, str) else None

    @cached_property
    def relevant(self) -> bool:
        return counts_as_relevant(self.kommunal, self.status if self.tracked else None)

    @cached_property
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

    # Every figure asks for these; computed once per Inputs (which never change).
    @cached_property
    def _relevant(self) -> tuple[LeistungRecord, ...]:
        return tuple(record for record in self.records if record.relevant)

    @cached_property
    def _online(self) -> tuple[LeistungRecord, ...]:
        return tuple(record for record in self._relevant if record.online)

    def relevant(self) -> list[LeistungRecord]:
        return list(self._relevant)

    def online(self) -> list[LeistungRecord]:
        return list(self._online)

    def scenario_shares(self) -> tuple[float, ...]:
        return self.scenarios if self.scenarios is not None else self.defaults.scenarios.values
