"""What going online is worth: hours freed, their value, citizens' time, and the return after
running costs. Where usage was not entered, the figures are given per scenario of the
Online-Quote instead of one invented number."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ozg_desk.domain.anbindung import LAUFBAHNGRUPPEN, WEGEZEIT_EBENEN
from ozg_desk.domain.fields import german_number
from ozg_desk.figures import definitions as d
from ozg_desk.figures.assumptions import percent
from ozg_desk.figures.coverage import usage_share
from ozg_desk.figures.inputs import Inputs, LeistungRecord
from ozg_desk.figures.model import Definition, Figure, LeftOut, left_out, without

Contribution = Callable[[LeistungRecord, float], float]  # (record, online share) → amount


def minutes_saved(record: LeistungRecord) -> float:
    return (record.number("minuten_papier") or 0) - (record.number("minuten_online") or 0)


def hours(record: LeistungRecord, share: float) -> float:
    return (record.number("fallzahl") or 0) * share * minutes_saved(record) / 60


def share_of(record: LeistungRecord, scenario: float | None) -> float:
    """The record's real online share where entered, else the scenario's (0 without one)."""
    real = usage_share(record)
    return real if real is not None else scenario or 0.0


def _split(
    records: Sequence[LeistungRecord], needs: dict[str, Callable[[LeistungRecord], bool]]
) -> tuple[list[LeistungRecord], tuple[LeftOut, ...]]:
    """The records that have every input, and the others grouped by the first input missing."""
    counted, missing = [], {reason: [] for reason in needs}  # type: ignore[var-annotated]
    for record in records:
        lacking = next((reason for reason, has in needs.items() if not has(record)), None)
        if lacking is None:
            counted.append(record)
        else:
            missing[lacking].append(record.ozg_id)
    return counted, left_out(missing)


def _has(name: str) -> Callable[[LeistungRecord], bool]:
    return lambda record: record.number(name) is not None


def with_scenarios(
    definition: Definition,
    inputs: Inputs,
    counted: Sequence[LeistungRecord],
    omitted: tuple[LeftOut, ...],
    amount: Contribution,
    *,
    notes: Callable[[float], tuple[str, ...]] = lambda _value: (),
    assumptions: tuple[str, ...] = (),
) -> Figure:
    """One value where every counted record has its real usage; otherwise one part per
    scenario share, the real usage kept wherever it was entered."""
    guessed = [record.ozg_id for record in counted if usage_share(record) is None]

    def total(share: float | None) -> float:
        return sum(amount(r, share_of(r, share)) for r in counted)

    base = Figure(
        definition,
        value=None,
        counted=tuple(record.ozg_id for record in counted),
        left_out=omitted,
        assumptions=assumptions,
    )
    if not counted:
        return base
    if not guessed:
        value = total(None)
        return replace(base, value=value, notes=notes(value))
    parts = tuple(
        replace(
            base,
            value=(value := total(share)),
            key=f"Szenario {round(share * 100)} %",
            notes=notes(value),
        )
        for share in inputs.scenario_shares()
    )
    shares, source = percent(inputs.scenario_shares()), inputs.defaults.scenarios.source
    scenarios = f"Szenarien der Online-Quote: {shares} ({source})"
    return replace(
        base,
        parts=parts,
        assumptions=(*assumptions, scenarios),
        notes=(
            f"Für {len(guessed)} Leistung{'en' if len(guessed) != 1 else ''} sind keine "
            "Online-Anträge erfasst: je Szenario einer Online-Quote gerechnet.",
        ),
    )


def _time_inputs(inputs: Inputs) -> tuple[list[LeistungRecord], tuple[LeftOut, ...]]:
    return _split(
        inputs.online(),
        {
            "ohne Fallzahl": _has("fallzahl"),
            "ohne Minuten je Fall auf Papier": _has("minuten_papier"),
            "ohne Minuten je Fall online": _has("minuten_online"),
        },
    )


def zeiteffizienz(inputs: Inputs) -> Figure:
    counted, omitted = _time_inputs(inputs)
    return with_scenarios(d.ZEITEFFIZIENZ, inputs, counted, omitted, hours)


def vollzeit(time_figure: Figure, inputs: Inputs) -> Figure:
    per_fte = inputs.defaults.hours_per_fte

    def convert(figure: Figure) -> Figure:
        value = None if figure.value is None else figure.value / per_fte.value
        return replace(
            figure, definition=d.VOLLZEIT, value=value, parts=tuple(map(convert, figure.parts))
        )

    return replace(convert(time_figure), assumptions=(per_fte.cite(),))


def hourly_rate(inputs: Inputs, group: str) -> float:
    own = inputs.hourly_rates.get(group)
    rate = own if own is not None else inputs.defaults.hourly_rates[group].value
    return rate * (1 + inputs.defaults.overhead.value / 100) if inputs.overhead else rate


def _rate_assumptions(inputs: Inputs, counted: Sequence[LeistungRecord]) -> tuple[str, ...]:
    groups = sorted({r.text("laufbahngruppe") or "" for r in counted})
    cited = []
    for group in groups:
        own = inputs.hourly_rates.get(group)
        if own is not None:
            name = LAUFBAHNGRUPPEN[group]
            cited.append(f"Stundensatz {name}: {german_number(own)} €/h (Angabe der Behörde)")
        else:
            cited.append(inputs.defaults.hourly_rates[group].cite())
    if inputs.overhead:
        cited.append(inputs.defaults.overhead.cite())
    return tuple(cited)


def _cost_inputs(inputs: Inputs) -> tuple[list[LeistungRecord], tuple[LeftOut, ...]]:
    counted, omitted = _time_inputs(inputs)
    known = [r for r in counted if r.text("laufbahngruppe") in LAUFBAHNGRUPPEN]
    extra = left_out({"ohne Laufbahngruppe": without(counted, known)})
    return known, omitted + extra


def capacity(inputs: Inputs) -> Contribution:
    def amount(record: LeistungRecord, share: float) -> float:
        staff = hours(record, share) * hourly_rate(inputs, record.text("laufbahngruppe") or "")
        material = (
            (record.number("fallzahl") or 0) * share * (record.number("sachkosten_je_fall") or 0)
        )
        return staff + material

    return amount


def _without_material(counted: Sequence[LeistungRecord]) -> tuple[str, ...]:
    lacking = [r.ozg_id for r in counted if r.number("sachkosten_je_fall") is None]
    return (
        (f"ohne Sachkosten je Fall (nur Personal gerechnet): {', '.join(lacking)}",)
        if lacking
        else ()
    )


def prozesskosten(inputs: Inputs) -> Figure:
    counted, omitted = _cost_inputs(inputs)
    figure = with_scenarios(
        d.PROZESSKOSTEN,
        inputs,
        counted,
        omitted,
        capacity(inputs),
        assumptions=_rate_assumptions(inputs, counted),
    )
    return replace(figure, notes=figure.notes + _without_material(counted))


def buergerzeit(inputs: Inputs) -> Figure:
    travel = inputs.defaults.travel
    counted, omitted = _split(
        inputs.online(),
        {
            "ohne Fallzahl": _has("fallzahl"),
            "ohne Angabe zum Behördengang": lambda r: r.text("wegezeit_ebene") in WEGEZEIT_EBENEN,
        },
    )

    def minutes(record: LeistungRecord) -> float:
        way = travel.get(record.text("wegezeit_ebene") or "")
        return (way.value if way else 0) + (record.number("wartezeit_minuten") or 0)

    def amount(record: LeistungRecord, share: float) -> float:
        return (record.number("fallzahl") or 0) * share * minutes(record) / 60

    levels = sorted({r.text("wegezeit_ebene") or "" for r in counted} - {"keine"})
    figure = with_scenarios(
        d.BUERGERZEIT,
        inputs,
        counted,
        omitted,
        amount,
        assumptions=tuple(travel[level].cite() for level in levels),
    )
    return _with_travel_costs(figure, inputs, counted)


def _with_travel_costs(figure: Figure, inputs: Inputs, counted: Sequence[LeistungRecord]) -> Figure:
    travel = inputs.defaults.travel

    def euros(share: float | None) -> float:
        return sum(
            (r.number("fallzahl") or 0)
            * (share_of(r, share))
            * (
                (travel[level].cost or 0)
                if (level := r.text("wegezeit_ebene") or "") in travel
                else 0
            )
            for r in counted
        )

    def note(share: float | None) -> tuple[str, ...]:
        return (f"Wegekosten der Bürger: {german_number(round(euros(share), 2))} €/Jahr",)

    if not figure.parts:
        return replace(figure, notes=figure.notes + (note(None) if counted else ()))
    shares = inputs.scenario_shares()
    parts = tuple(
        replace(part, notes=note(share)) for part, share in zip(figure.parts, shares, strict=True)
    )
    return replace(figure, parts=parts)


def rendite(inputs: Inputs) -> Figure:
    counted, omitted = _cost_inputs(inputs)
    known = [r for r in counted if r.number("kosten_jaehrlich") is not None]
    omitted += left_out({"ohne laufende Kosten": without(counted, known)})
    one_off = sum(r.number("kosten_einmalig") or 0 for r in known)
    freed = capacity(inputs)

    def amount(record: LeistungRecord, share: float) -> float:
        return freed(record, share) - (record.number("kosten_jaehrlich") or 0)

    def payback(value: float) -> tuple[str, ...]:
        if value <= 0:
            return (
                "Die Rendite ist nicht positiv: die einmaligen Kosten amortisieren sich nicht.",
            )
        return (
            f"Amortisation der einmaligen Kosten ({german_number(one_off)} €) in "
            f"{german_number(round(one_off / value, 1))} Jahren",
        )

    figure = with_scenarios(
        d.RENDITE,
        inputs,
        known,
        omitted,
        amount,
        notes=payback,
        assumptions=_rate_assumptions(inputs, known),
    )
    return replace(figure, notes=figure.notes + _without_material(known))
