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


def _online_at(record: LeistungRecord, ends: list[dt.date]) -> list[bool]:
    """Per month end, whether the history says the record was online then (one sweep)."""
    steps = sorted(record.history, key=lambda step: step.day)
    result, status, index = [], None, 0
    for end in ends:
        while index < len(steps) and steps[index].day <= end:
            status = steps[index].new
            index += 1
        result.append(status == Status.ONLINE)
    return result


def fortschritt(inputs: Inputs) -> Figure:
    """A part per month from the first history entry to the last Zieltermin: `value` online at
    the month's end, `numerator` the same, `denominator` planned to be online by then."""
    relevant = inputs.relevant()
    targets = {r.ozg_id: day for r in relevant if (day := _date(r.values.get("zieltermin")))}
    days = [step.day for r in relevant for step in r.history] + list(targets.values())
    online_now = [r.ozg_id for r in relevant if r.online]
    if not days:
        return Figure(d.FORTSCHRITT, value=float(len(online_now)), counted=tuple(online_now))
    ends = month_ends(min(days), max(*days, inputs.today))
    online_by_month: list[list[str]] = [[] for _ in ends]
    planned_by_month: list[int] = [0] * len(ends)
    for record in relevant:
        target = targets.get(record.ozg_id)
        for month, online in enumerate(_online_at(record, ends)):
            if online:
                online_by_month[month].append(record.ozg_id)
            if online or (target is not None and target <= ends[month]):
                planned_by_month[month] += 1
    parts = tuple(
        Figure(
            d.FORTSCHRITT,
            value=float(len(online)),
            numerator=float(len(online)),
            denominator=float(planned),
            counted=tuple(online),
            key=end.strftime("%Y-%m"),
        )
        for end, online, planned in zip(ends, online_by_month, planned_by_month, strict=True)
    )
    without = [r.ozg_id for r in relevant if not r.online and r.ozg_id not in targets]
    return Figure(
        d.FORTSCHRITT,
        value=float(len(online_now)),
        counted=tuple(online_now),
        left_out=left_out({"ohne Zieltermin": without}),
        parts=parts,
    )
