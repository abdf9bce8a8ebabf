"""The Kennzahlen's charts from their figures: progress against the Zieltermine, Reifegrad per
model, Anbindungsquote per Themenfeld, the Rendite scenarios; each with its table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ozg_desk.charts.model import Chart
from ozg_desk.charts.plot import EMPTY, Plot, Series
from ozg_desk.domain.fields import german_fixed
from ozg_desk.figures.model import Figure
from ozg_desk.figures.text import value_text

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
NONE = "—"
GEMEINDE_PREFIX = "Gemeinde "  # the Anbindungsquote's parts per member Gemeinde


def _rows(
    rows: Sequence[tuple[str, ...]], width: int, empty_text: str
) -> tuple[tuple[str, ...], ...]:
    """The rows, or one row saying there is no data: the table is never silently empty."""
    return tuple(rows) if rows else ((empty_text, *([NONE] * (width - 1))),)


def _count(value: float | None) -> str:
    return NONE if value is None else german_fixed(value, 0)


def _month(key: str) -> tuple[int, int] | None:
    try:
        year, month = (int(part) for part in key.split("-"))
    except ValueError:
        return None
    return (year, month) if 1 <= month <= 12 else None


def burn_up(fortschritt: Figure, today: dt.date | None = None) -> Chart:
    """Online at each month's end (measured up to this month) against planned per Zieltermin."""
    today = today or dt.datetime.now().astimezone().date()
    now = (today.year, today.month)
    months = [(month, part) for part in fortschritt.parts if (month := _month(part.key))]
    names = [f"{MONTHS[m - 1]} {y}" for (y, m), _ in months]
    # Months after this one are not measured yet: the history only knows today's status.
    online = tuple(part.numerator if month <= now else None for month, part in months)
    planned = tuple(part.denominator for _, part in months)
    headers = ("Monat", "online", "geplant laut Zieltermin")
    rows = [
        (name, _count(done), _count(plan))
        for name, done, plan in zip(names, online, planned, strict=True)
    ]
    empty_text = f"{EMPTY}: kein Verlauf und keine Zieltermine"
    measured = [i for i, value in enumerate(online) if value is not None]
    if measured:
        last = measured[-1]
        summary = (
            "Liniendiagramm: Leistungen online am Monatsende (durchgezogene Linie mit Punkten) "
            "und laut Zieltermin bis dahin geplant (gestrichelte Linie mit Quadraten), "
            f"{names[0]} bis {names[-1]}; {names[last]}: {rows[last][1]} online, "
            f"{rows[last][2]} geplant."
        )
    else:
        summary = f"Liniendiagramm des Fortschritts gegen die Zieltermine: {empty_text}."
    short = tuple(f"{MONTHS[m - 1][:3]} {y}" for (y, m), _ in months)
    return Chart(
        id="fortschritt",
        title="Fortschritt gegen die Zieltermine",
        summary=summary,
        headers=headers,
        rows=_rows(rows if measured or any(planned) else [], len(headers), empty_text),
        plot=Plot(
            kind="lines",
            categories=short,
            series=(
                Series("online", online, tuple(_count(v) for v in online)),
                Series("geplant laut Zieltermin", planned, tuple(_count(v) for v in planned)),
            ),
            axis="Leistungen",
            today=next((i for i, (month, _) in enumerate(months) if month == now), None),
            empty_text=empty_text,
        ),
    )


def _share_label(part: Figure) -> str:
    if part.value is None:
        return "keine Angaben"
    return f"{value_text(part)} ({_count(part.numerator)} von {_count(part.denominator)})"


def _shares(parts: Sequence[Figure], kind: str) -> str:
    return "; ".join(f"{part.key}: {_share_label(part)}" for part in parts) or kind


def reifegrad(figure: Figure) -> Chart:
    """The share at Reifegrad ≥ 3 per model version, side by side, never added up."""
    parts = list(figure.parts)
    headers = ("Reifegradmodell", "Anteil ≥ 3", "Leistungen ≥ 3", "mit Reifegrad")
    empty_text = f"{EMPTY}: keine Leistung mit Reifegrad"
    has_data = any(part.value is not None for part in parts)
    rows = [
        (part.key, value_text(part), _count(part.numerator), _count(part.denominator))
        for part in parts
    ]
    return Chart(
        id="reifegrad",
        title="Verfügbarkeit nach Reifegrad je Modell",
        summary=(
            "Balkendiagramm: Anteil der Leistungen mit Reifegrad 3 oder höher, je "
            f"Reifegradmodell getrennt: {_shares(parts, empty_text)}."
        ),
        headers=headers,
        rows=_rows(rows if has_data else [], len(headers), empty_text),
        plot=Plot(
            kind="bars",
            categories=tuple(part.key for part in parts),
            series=(
                Series(
                    "Anteil Reifegrad ≥ 3",
                    tuple(part.value for part in parts),
                    tuple(_share_label(part) for part in parts),
                ),
            ),
            axis="Anteil mit Reifegrad ≥ 3",
            percent=True,
            empty_text=empty_text,
        ),
    )


def anbindungsquote_themenfeld(figure: Figure) -> Chart:
    """The Anbindungsquote per Themenfeld (the parts per Gemeinde are left to the table of the
    figure itself)."""
    parts = [part for part in figure.parts if not part.key.startswith(GEMEINDE_PREFIX)]
    headers = ("Themenfeld", "Anbindungsquote", "online", "relevant")
    empty_text = f"{EMPTY}: keine relevanten Leistungen"
    rows = [
        (part.key, value_text(part), _count(part.numerator), _count(part.denominator))
        for part in parts
    ]
    best = max((p for p in parts if p.value is not None), key=lambda p: p.value or 0, default=None)
    summary = (
        f"Balkendiagramm: Anbindungsquote in {len(parts)} Themenfeldern, am höchsten in "
        f"„{best.key}“ mit {_share_label(best)}; insgesamt {_share_label(figure)}."
        if best is not None
        else f"Balkendiagramm der Anbindungsquote je Themenfeld: {empty_text}."
    )
    return Chart(
        id="anbindungsquote_themenfeld",
        title="Anbindungsquote je Themenfeld",
        summary=summary,
        headers=headers,
        rows=_rows(rows, len(headers), empty_text),
        plot=Plot(
            kind="bars",
            categories=tuple(part.key for part in parts),
            series=(
                Series(
                    "Anbindungsquote",
                    tuple(part.value for part in parts),
                    tuple(_share_label(part) for part in parts),
                ),
            ),
            axis="Anteil online",
            percent=True,
            empty_text=empty_text,
        ),
    )


def rendite_scenarios(figure: Figure) -> Chart:
    """The return per scenario of the Online-Quote; below the zero line it is a loss. Where every
    Leistung has its real usage there is one column for it instead."""
    parts = list(figure.parts)
    if not parts and figure.value is not None:
        parts = [Figure(figure.definition, figure.value, key="erfasste Nutzung")]
    headers = ("Szenario", "Digitalisierungsrendite")
    empty_text = f"{EMPTY}: keine Leistung mit allen Angaben zur Wirtschaftlichkeit"
    rows = [(part.key, value_text(part)) for part in parts if part.value is not None]
    values = tuple(part.value for part in parts)
    negative = sum(1 for value in values if value is not None and value < 0)
    listed = "; ".join(f"{key}: {text}" for key, text in rows)
    summary = (
        "Säulendiagramm: Digitalisierungsrendite je Szenario der Online-Quote; "
        + (
            f"{negative} {'Szenario' if negative == 1 else 'Szenarien'} unter der Nulllinie "
            "(Verlust, schraffiert); "
            if negative
            else "alle über der Nulllinie; "
        )
        + f"{listed}."
        if rows
        else f"Säulendiagramm der Digitalisierungsrendite: {empty_text}."
    )
    return Chart(
        id="digitalisierungsrendite",
        title="Digitalisierungsrendite je Szenario",
        summary=summary,
        headers=headers,
        rows=_rows(rows, len(headers), empty_text),
        plot=Plot(
            kind="columns",
            categories=tuple(part.key for part in parts),
            series=(
                Series(
                    "Digitalisierungsrendite",
                    values,
                    tuple(value_text(part) for part in parts),
                ),
            ),
            axis="€ pro Jahr",
            empty_text=empty_text,
        ),
    )


BUILDERS: dict[str, Callable[[Figure], Chart]] = {
    "fortschritt": burn_up,
    "reifegrad": reifegrad,
    "anbindungsquote": anbindungsquote_themenfeld,
    "digitalisierungsrendite": rendite_scenarios,
}


def charts_for(figures: Sequence[Figure], today: dt.date | None = None) -> tuple[Chart, ...]:
    """The charts of those figures that have one, in the order of the issue: progress,
    Reifegrad, Anbindungsquote, Rendite."""
    found = {figure.id: figure for figure in figures}
    charts = []
    for figure_id, build in BUILDERS.items():
        figure = found.get(figure_id)
        if figure is None:
            continue
        charts.append(burn_up(figure, today) if build is burn_up else build(figure))
    return tuple(charts)
