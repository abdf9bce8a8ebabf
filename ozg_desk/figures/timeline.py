"""The figures over time, from the status history: how long a Leistung took from „geplant“ to
„online“, and how many were online at each month's end against the Zieltermine."""

from __future__ import annotations

import datetime as dt
import statistics

from ozg_desk.domain.lifecycle import Status
from ozg_desk.figures import definitions as d
from ozg_desk.figures.inputs import Inputs, LeistungRecord
from ozg_desk.figures.model import Figure, left_out


def days_to_online(record: LeistungRecord) -> int | None:
    """Days from the first „geplant“ to the first „online“ after it; None without both."""
    steps = sorted(record.history, key=lambda step: step.day)
    planned = next((step.day for step in steps if step.new == Status.PLANNED), None)
    if planned is None:
        return None
    online = next((s.day for s in steps if s.new == Status.ONLINE and s.day >= planned), None)
    return None if online is None else (online - planned).days


def durchlaufzeit(inputs: Inputs) -> Figure:
    online = inputs.online()
    measured = {r.ozg_id: days for r in online if (days := days_to_online(r)) is not None}
    return Figure(
        d.DURCHLAUFZEIT,
        value=float(statistics.median(measured.values())) if measured else None,
        counted=tuple(measured),
        left_out=left_out(
            {
                "ohne „geplant“ und „online“ im Verlauf": [
                    r.ozg_id for r in online if r.ozg_id not in measured
                ]
            }
        ),
    )


def status_on(record: LeistungRecord, day: dt.date) -> str | None:
    """The status the history says the record had at the end of `day` (None: not yet tracked)."""
    status = None
    for step in sorted(record.history, key=lambda step: step.day):
        if step.day > day:
            break
        status = step.new
    return status


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    return ends


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def fortschritt(inputs: Inputs) -> Figure:
    """A part per month from the first history entry to the last Zieltermin: `value` online at
    the month's end, `numerator` the same, `denominator` planned to be online by then."""
    relevant = inputs.relevant()
    targets = {r.ozg_id: day for r in relevant if (day := _date(r.values.get("zieltermin")))}
    days = [step.day for r in relevant for step in r.history] + list(targets.values())
    online_now = [r.ozg_id for r in relevant if r.online]
    if not days:
        return Figure(d.FORTSCHRITT, value=float(len(online_now)), counted=tuple(online_now))
    parts = []
    for end in month_ends(min(days), max(*days, inputs.today)):
        online = [r.ozg_id for r in relevant if status_on(r, end) == Status.ONLINE]
        planned = [
            r.ozg_id
            for r in relevant
            if (r.ozg_id in targets and targets[r.ozg_id] <= end) or r.ozg_id in online
        ]
        parts.append(
            Figure(
                d.FORTSCHRITT,
                value=float(len(online)),
                numerator=float(len(online)),
                denominator=float(len(planned)),
                counted=tuple(online),
                key=end.strftime("%Y-%m"),
            )
        )
    without = [r.ozg_id for r in relevant if not r.online and r.ozg_id not in targets]
    return Figure(
        d.FORTSCHRITT,
        value=float(len(online_now)),
        counted=tuple(online_now),
        left_out=left_out({"ohne Zieltermin": without}),
        parts=tuple(parts),
    )
