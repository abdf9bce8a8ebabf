"""Every Kennzahl equals a naïve computation over random records; missing data is left out and
listed, never counted as zero; the Leitfaden's worked example comes out as published."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from ozg_desk.domain.lifecycle import Status
from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import shipped_defaults
from ozg_desk.figures.inputs import Inputs, LeistungRecord, StatusStep
from ozg_desk.figures.model import Figure

DEFAULTS = shipped_defaults()
TODAY = dt.date(2026, 12, 3)
GEMEINDEN = {"130765668001": "Banzkow", "130765668002": "Crivitz"}
STATUSES = [status.value for status in Status]


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), strategy)


@st.composite
def records(draw: st.DrawFn) -> list[LeistungRecord]:
    count = draw(st.integers(0, 12))
    result = []
    for index in range(count):
        ozg_id = f"{10000 + index}"
        themenfeld = draw(st.sampled_from(["Familie", "Bauen", "Steuern"]))
        kommunal = draw(st.booleans())
        if draw(st.booleans()) and index % 4 == 3:
            result.append(LeistungRecord(ozg_id, themenfeld, kommunal=kommunal))  # not tracked
            continue
        model = draw(st.sampled_from(["1", "2.0"]))
        fields: dict[str, object] = {
            "status": draw(st.sampled_from(STATUSES)),
            "fallzahl": draw(maybe(st.integers(0, 5000))),
            "reifegrad": draw(maybe(st.integers(0, 4 if model == "1" else 7))),
            "reifegrad_modell": model,
            "online_antraege": draw(maybe(st.integers(0, 6000))),
            "minuten_papier": draw(maybe(st.integers(0, 300))),
            "minuten_online": draw(maybe(st.integers(0, 300))),
            "laufbahngruppe": draw(maybe(st.sampled_from(["einfach_mittel", "gehoben", "hoeher"]))),
            "wegezeit_ebene": draw(maybe(st.sampled_from(["keine", "gemeinde", "kreis", "land"]))),
            "wartezeit_minuten": draw(maybe(st.integers(0, 60))),
            "sachkosten_je_fall": draw(maybe(st.integers(0, 20))),
            "kosten_jaehrlich": draw(maybe(st.integers(0, 20000))),
            "kosten_einmalig": draw(maybe(st.integers(0, 50000))),
            "empfangskanal": draw(maybe(st.sampled_from(["fit_connect", "bebpo", "xfall"]))),
            "zufriedenheit": draw(maybe(st.integers(1, 5))),
            "zufriedenheit_n": draw(maybe(st.integers(0, 40))),
            "zieltermin": draw(maybe(st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)))),
            "alle_gemeinden": draw(st.booleans()),
            "gemeinden": draw(st.lists(st.sampled_from(sorted(GEMEINDEN)), unique=True)),
        }
        if fields["zieltermin"] is not None:
            fields["zieltermin"] = fields["zieltermin"].isoformat()  # type: ignore[attr-defined]
        steps = draw(
            st.lists(
                st.tuples(st.dates(dt.date(2024, 1, 1), TODAY), st.sampled_from(STATUSES)),
                max_size=6,
            )
        )
        values = {key: value for key, value in fields.items() if value is not None}
        history = tuple(StatusStep(day, new) for day, new in steps)
        result.append(LeistungRecord(ozg_id, themenfeld, values, history, kommunal))  # type: ignore[arg-type]
    return result


def figures(
    items: list[LeistungRecord], scenarios: tuple[float, ...] | None = None
) -> dict[str, Figure]:
    inputs = Inputs(tuple(items), DEFAULTS, GEMEINDEN, today=TODAY, scenarios=scenarios)
    return {figure.id: figure for figure in compute_all(inputs)}


def share(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def num(record: LeistungRecord, name: str) -> float | None:
    value = record.values.get(name)
    return None if value is None else float(value)  # type: ignore[arg-type]


def relevant(items: list[LeistungRecord]) -> list[LeistungRecord]:
    """Kommunal or tracked, unless set „nicht relevant“ (the list's and Übersicht's rule)."""
    return [
        r for r in items if (r.kommunal or r.values) and r.values.get("status") != "nicht_relevant"
    ]


def online(items: list[LeistungRecord]) -> list[LeistungRecord]:
    return [r for r in relevant(items) if r.values.get("status") == "online"]


@settings(max_examples=40, deadline=None)
@given(records())
def test_the_coverage_figures_equal_a_naive_count(items: list[LeistungRecord]) -> None:
    found = figures(items)
    rel, onl = relevant(items), online(items)
    assert found["anbindungsquote"].value == share(len(onl), len(rel))
    for field in {r.themenfeld for r in rel}:
        mine = [r for r in rel if r.themenfeld == field]
        on = [r for r in mine if r.values.get("status") == "online"]
        assert found["anbindungsquote"].part(field).value == share(len(on), len(mine))
    for ars, name in GEMEINDEN.items():
        mine = [
            r
            for r in rel
            if r.values.get("alle_gemeinden", True) or ars in r.values.get("gemeinden", [])
        ]  # type: ignore[operator]
        on = [r for r in mine if r.values.get("status") == "online"]
        assert found["anbindungsquote"].part(f"Gemeinde {name}").value == share(len(on), len(mine))

    for version, title in (
        ("1", "Reifegradmodell 1.x (0–4)"),
        ("2.0", "Reifegradmodell 2.0 (0–7)"),
    ):
        rated = [
            r
            for r in rel
            if r.values.get("reifegrad_modell") == version and "reifegrad" in r.values
        ]
        high = [r for r in rated if r.values["reifegrad"] >= 3]  # type: ignore[operator]
        part = found["reifegrad"].part(title)
        assert part.value == share(len(high), len(rated))
        assert set(part.counted) == {r.ozg_id for r in rated}  # never the other model's records
    assert found["reifegrad"].value is None

    cases = [r for r in rel if "fallzahl" in r.values]
    total = sum(num(r, "fallzahl") or 0 for r in cases)
    on_cases = sum(num(r, "fallzahl") or 0 for r in cases if r.values.get("status") == "online")
    assert found["fallzahl_verfuegbarkeit"].value == share(on_cases, total)

    both = [r for r in onl if "online_antraege" in r.values and num(r, "fallzahl")]
    applied = sum(min(num(r, "online_antraege") or 0, num(r, "fallzahl") or 0) for r in both)
    assert found["online_quote"].value == share(applied, sum(num(r, "fallzahl") or 0 for r in both))

    channel = [r for r in onl if "empfangskanal" in r.values]
    automated = [r for r in channel if r.values["empfangskanal"] in ("fit_connect", "xfall")]
    assert found["automatisierungsquote"].value == share(len(automated), len(channel))

    rated = [r for r in onl if "zufriedenheit" in r.values and (num(r, "zufriedenheit_n") or 0) > 0]
    weight = sum(num(r, "zufriedenheit_n") or 0 for r in rated)
    points = sum((num(r, "zufriedenheit") or 0) * (num(r, "zufriedenheit_n") or 0) for r in rated)
    assert found["zufriedenheit"].value == share(points, weight)


def real_share(record: LeistungRecord) -> float | None:
    applications, cases = num(record, "online_antraege"), num(record, "fallzahl")
    return None if applications is None or not cases else min(applications / cases, 1)


def by_scenario(
    figure: Figure, counted: list[LeistungRecord], amount: object
) -> dict[str, float | None]:
    """What the figure must say: one value, or one per scenario where usage is missing."""
    if not counted:
        return {"": None}
    if all(real_share(r) is not None for r in counted):
        return {"": sum(amount(r, real_share(r)) for r in counted)}  # type: ignore[operator]
    return {
        f"Szenario {percent} %": sum(
            amount(r, real_share(r) if real_share(r) is not None else percent / 100)  # type: ignore[operator]
            for r in counted
        )
        for percent in (20, 40, 60)
    }


def said(figure: Figure) -> dict[str, float | None]:
    return {part.key: part.value for part in figure.parts} if figure.parts else {"": figure.value}


def close(mine: Mapping[str, float | None], theirs: Mapping[str, float | None]) -> bool:
    if mine.keys() != theirs.keys():
        return False
    return all(
        (a is None and b is None)
        or (a is not None and b is not None and abs(a - b) < 1e-6 * max(1, abs(b)))
        for a, b in ((mine[k], theirs[k]) for k in mine)
    )


RATES = {"einfach_mittel": 25.50, "gehoben": 42.20, "hoeher": 70.40}
WAYS = {"keine": (0, 0), "gemeinde": (15, 1.10), "kreis": (22, 3.10), "land": (59, 13.20)}


@settings(max_examples=40, deadline=None)
@given(records())
def test_the_economic_figures_equal_a_naive_sum_per_scenario(items: list[LeistungRecord]) -> None:
    found = figures(items)
    onl = online(items)
    timed = [
        r
        for r in onl
        if all(k in r.values for k in ("fallzahl", "minuten_papier", "minuten_online"))
    ]

    def hours(r: LeistungRecord, q: float) -> float:
        return (
            (num(r, "fallzahl") or 0)
            * q
            * ((num(r, "minuten_papier") or 0) - (num(r, "minuten_online") or 0))
            / 60
        )

    assert close(said(found["zeiteffizienz"]), by_scenario(found["zeiteffizienz"], timed, hours))
    fte = {
        k: None if v is None else v / 1600
        for k, v in by_scenario(found["zeiteffizienz"], timed, hours).items()
    }
    assert close(said(found["vollzeitaequivalente"]), fte)

    costed = [r for r in timed if "laufbahngruppe" in r.values]

    def value(r: LeistungRecord, q: float) -> float:
        staff = hours(r, q) * RATES[str(r.values["laufbahngruppe"])]
        return staff + (num(r, "fallzahl") or 0) * q * (num(r, "sachkosten_je_fall") or 0)

    assert close(
        said(found["prozesskosteneffizienz"]),
        by_scenario(found["prozesskosteneffizienz"], costed, value),
    )
    running = [r for r in costed if "kosten_jaehrlich" in r.values]
    assert close(
        said(found["digitalisierungsrendite"]),
        by_scenario(
            found["digitalisierungsrendite"],
            running,
            lambda r, q: value(r, q) - (num(r, "kosten_jaehrlich") or 0),
        ),
    )
    travelling = [r for r in onl if "fallzahl" in r.values and "wegezeit_ebene" in r.values]

    def citizen(r: LeistungRecord, q: float) -> float:
        minutes = WAYS[str(r.values["wegezeit_ebene"])][0] + (num(r, "wartezeit_minuten") or 0)
        return (num(r, "fallzahl") or 0) * q * minutes / 60

    assert close(said(found["buergerzeit"]), by_scenario(found["buergerzeit"], travelling, citizen))


@settings(max_examples=40, deadline=None)
@given(records())
def test_the_history_figures_follow_the_status_steps(items: list[LeistungRecord]) -> None:
    found = figures(items)
    durations = []
    for record in online(items):
        steps = sorted(record.history, key=lambda s: s.day)  # stable: same-day steps keep order
        planned = [s.day for s in steps if s.new == "geplant"]
        if planned:
            later = [s.day for s in steps if s.new == "online" and s.day >= planned[0]]
            if later:
                durations.append((later[0] - planned[0]).days)
    assert found["durchlaufzeit"].value == (statistics.median(durations) if durations else None)

    for part in found["fortschritt"].parts:
        year, month = map(int, part.key.split("-"))
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        online_then = 0
        for record in relevant(items):
            last = None
            for step in sorted(record.history, key=lambda s: s.day):
                if step.day <= end:
                    last = step.new
            online_then += last == "online"
        assert part.value == online_then


@settings(max_examples=40, deadline=None)
@given(
    records(), st.sampled_from(["fallzahl", "minuten_papier", "laufbahngruppe", "kosten_jaehrlich"])
)
def test_a_record_without_data_is_left_out_not_counted_as_zero(
    items: list[LeistungRecord], missing: str
) -> None:
    blank = LeistungRecord(
        "19999",
        "Familie",
        {
            "status": "online",
            "fallzahl": 1000,
            "minuten_papier": 60,
            "minuten_online": 5,
            "laufbahngruppe": "gehoben",
            "kosten_jaehrlich": 100,
            "online_antraege": 500,
            "alle_gemeinden": True,
            "gemeinden": [],
        },
    )
    blank = LeistungRecord(
        blank.ozg_id, blank.themenfeld, {k: v for k, v in blank.values.items() if k != missing}
    )
    before, after = figures(items), figures([*items, blank])
    for figure_id in ("zeiteffizienz", "prozesskosteneffizienz", "digitalisierungsrendite"):
        if figure_id == "zeiteffizienz" and missing in ("laufbahngruppe", "kosten_jaehrlich"):
            continue
        if figure_id == "prozesskosteneffizienz" and missing == "kosten_jaehrlich":
            continue
        assert said(after[figure_id]) == said(before[figure_id]), figure_id
        assert "19999" in after[figure_id].left_out_ids and "19999" not in after[figure_id].counted


def test_edge_cases_say_no_value_instead_of_zero() -> None:
    assert all(f.value is None for f in figures([]).values() if f.id not in ("fortschritt",))
    untracked = figures([LeistungRecord("10001", "Familie")])
    assert (
        untracked["anbindungsquote"].value is None and untracked["anbindungsquote"].denominator == 0
    )
    all_online = [LeistungRecord(f"1000{i}", "Familie", {"status": "online"}) for i in range(3)]
    assert figures(all_online)["anbindungsquote"].value == 1.0
    no_cases = figures(all_online)["fallzahl_verfuegbarkeit"]
    assert no_cases.value is None and len(no_cases.left_out_ids) == 3
    assert no_cases.left_out[0].describe() == "ohne Fallzahl: 3 Leistungen"


def test_the_worked_example_of_the_leitfaden() -> None:
    """Gewerbeanmeldung, 400 cases, mittlerer Dienst, 27 → 14 minutes, 60 % online
    (../shared/docs/kennzahlen.md): 52 h, 1,326 €, 0.03 VZÄ; citizens 60 h and 264 €."""
    record = LeistungRecord(
        "99001",
        "Wirtschaft",
        {
            "status": "online",
            "fallzahl": 400,
            "online_antraege": 240,
            "minuten_papier": 27,
            "minuten_online": 14,
            "laufbahngruppe": "einfach_mittel",
            "wegezeit_ebene": "gemeinde",
        },
    )
    found = figures([record])
    assert found["zeiteffizienz"].value == 52.0
    assert found["prozesskosteneffizienz"].value == 1326.0
    assert round(found["vollzeitaequivalente"].value or 0, 2) == 0.03
    assert found["buergerzeit"].value == 60.0
    assert "Wegekosten der Bürger: 264 €/Jahr" in found["buergerzeit"].notes
    assert any(
        "25,50 €/h" in text and "zu prüfen" in text
        for text in found["prozesskosteneffizienz"].assumptions
    )


def test_without_usage_the_return_is_given_per_scenario_and_may_be_negative() -> None:
    record = LeistungRecord(
        "99002",
        "Wirtschaft",
        {
            "status": "online",
            "fallzahl": 100,
            "minuten_papier": 20,
            "minuten_online": 10,
            "laufbahngruppe": "einfach_mittel",
            "kosten_jaehrlich": 1000,
        },
    )
    rendite = figures([record], scenarios=(0.2, 0.4, 0.6))["digitalisierungsrendite"]
    assert rendite.value is None
    assert [part.key for part in rendite.parts] == [
        "Szenario 20 %",
        "Szenario 40 %",
        "Szenario 60 %",
    ]
    assert all((part.value or 0) < 0 for part in rendite.parts)
    assert all("amortisieren sich nicht" in part.notes[0] for part in rendite.parts)
