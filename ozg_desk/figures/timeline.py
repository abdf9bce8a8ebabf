"""The figures over time, from the status history: how long a Leistung took from „geplant“ to
„online“, and how many were online at each month's end against the Zieltermine."""

from __future__ import annotations

import datetime as dt
import statistics

from ozg_desk.figures import definitions as d
from ozg_desk.figures.inputs import Inputs, LeistungRecord
from ozg_desk.figures.model import Figure, left_out


def days_to_online(record: LeistungRecord) -> int | None:
    """Days from the first „geplant“ to the first „online“ after it; None without both."""
    course = record.course
    if course.planned is None or course.online_after_planned is None:
        return None
    return (course.online_after_planned - course.planned).days


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


def _month(first: dt.date, day: dt.date) -> int:
    """The index of `day`'s month counted from `first`'s month."""
    return (day.year - first.year) * 12 + day.month - first.month


def fortschritt(inputs: Inputs) -> Figure:
    """A part per month from the first history entry to the last Zieltermin: `value` online at
    the month's end, `numerator` the same, `denominator` planned to be online by then."""
    relevant = inputs.relevant()
    targets = {r.ozg_id: day for r in relevant if (day := _date(r.values.get("zieltermin")))}
    days = [d for r in relevant for d in (r.course.first, r.course.last) if d is not None]
    days += targets.values()
    online_now = [r.ozg_id for r in relevant if r.online]
    if not days:
        return Figure(d.FORTSCHRITT, value=float(len(online_now)), counted=tuple(online_now))
    first = min(days)
    ends = month_ends(first, max(*days, inputs.today))
    count = len(ends)
    online_by_month: list[list[str]] = [[] for _ in ends]
    # Planned by a month's end: online then, or its Zieltermin is due by then (from that
    # month on, counted through `starts`: +1 where a record begins to count, -1 where it stops).
    starts = [0] * (count + 1)
    for record in relevant:
        target = targets.get(record.ozg_id)
        due = count if target is None else _month(first, target)
        starts[due] += 1
        for since, until in record.course.online:
            # online at a month's end from the month it went online to before the one it left
            begin = max(_month(first, since), 0)
            stop = count if until is None else min(_month(first, until), count)
            for month in range(begin, stop):
                online_by_month[month].append(record.ozg_id)
            if begin < min(stop, due):
                starts[begin] += 1
                starts[min(stop, due)] -= 1
    planned_by_month, running = [], 0
    for month in range(count):
        running += starts[month]
        planned_by_month.append(running)
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
