"""How far the Behörde is: Anbindungsquote, Reifegrad, Fallzahl-weighted availability, usage,
automation and satisfaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ozg_desk.domain import reifegrad
from ozg_desk.domain.channels import CHANNEL_LABELS
from ozg_desk.figures import definitions as d
from ozg_desk.figures.inputs import Inputs, LeistungRecord
from ozg_desk.figures.model import Figure, left_out, ratio, without

COMPLIANT_LEVEL = 3  # Reifegrad 3: online service including all evidence (OZG-konform)


def _ids(records: list[LeistungRecord]) -> list[str]:
    return [record.ozg_id for record in records]


def anbindungsquote(inputs: Inputs) -> Figure:
    relevant = inputs.relevant()
    online = _ids(inputs.online())
    by_field: dict[str, list[str]] = defaultdict(list)
    for record in relevant:
        by_field[record.themenfeld].append(record.ozg_id)
    parts = [
        ratio(d.ANBINDUNGSQUOTE, ids, online, key=name) for name, ids in sorted(by_field.items())
    ]
    covering = _covering(relevant, inputs.gemeinden)
    for ars, name in sorted(inputs.gemeinden.items(), key=lambda item: item[1]):
        parts.append(ratio(d.ANBINDUNGSQUOTE, covering[ars], online, key=f"Gemeinde {name}"))
    whole = ratio(d.ANBINDUNGSQUOTE, _ids(relevant), online)
    return replace(whole, parts=tuple(parts))


def _covering(records: list[LeistungRecord], gemeinden: Iterable[str]) -> dict[str, list[str]]:
    """Per member Gemeinde, the OZG-IDs whose Anbindung applies to it (`covers`, one pass)."""
    covering: dict[str, list[str]] = {ars: [] for ars in gemeinden}
    for record in records:
        if record.values.get("alle_gemeinden", True) is True:
            for ids in covering.values():
                ids.append(record.ozg_id)
            continue
        listed = record.values.get("gemeinden")
        for ars in {a for a in listed if isinstance(a, str)} if isinstance(listed, list) else ():
            if ars in covering:
                covering[ars].append(record.ozg_id)
    return covering


def reifegrad_figure(inputs: Inputs) -> Figure:
    """One part per model version; the figure itself has no value, the scales never mix."""
    relevant = inputs.relevant()
    without = [r.ozg_id for r in relevant if r.number("reifegrad") is None]
    unknown_model = [
        r.ozg_id
        for r in relevant
        if r.number("reifegrad") is not None and r.text("reifegrad_modell") not in reifegrad.MODELS
    ]
    parts = []
    for version, model in reifegrad.MODELS.items():
        rated = [
            r
            for r in relevant
            if r.number("reifegrad") is not None and r.text("reifegrad_modell") == version
        ]
        high = [r.ozg_id for r in rated if (r.number("reifegrad") or 0) >= COMPLIANT_LEVEL]
        parts.append(ratio(d.REIFEGRAD, _ids(rated), high, key=model.title))
    return Figure(
        d.REIFEGRAD,
        value=None,
        counted=tuple(ozg_id for part in parts for ozg_id in part.counted),
        left_out=left_out({"ohne Reifegrad": without, "ohne bekanntes Modell": unknown_model}),
        parts=tuple(parts),
        notes=(
            "Die Modelle 1.x und 2.0 haben verschiedene Skalen und werden nie zusammengezählt.",
        ),
    )


def fallzahl_verfuegbarkeit(inputs: Inputs) -> Figure:
    relevant = inputs.relevant()
    with_cases = [r for r in relevant if r.number("fallzahl") is not None]
    total = sum(r.number("fallzahl") or 0 for r in with_cases)
    online = sum(r.number("fallzahl") or 0 for r in with_cases if r.online)
    return Figure(
        d.FALLZAHL_VERFUEGBARKEIT,
        value=online / total if total else None,
        numerator=online,
        denominator=total,
        counted=tuple(_ids(with_cases)),
        left_out=left_out({"ohne Fallzahl": without(relevant, with_cases)}),
    )


def usage_share(record: LeistungRecord) -> float | None:
    """Online applications ÷ Fallzahl of one record, or None without both (or Fallzahl 0)."""
    applications, cases = record.number("online_antraege"), record.number("fallzahl")
    if applications is None or not cases:
        return None
    return min(applications / cases, 1.0)


def online_quote(inputs: Inputs) -> Figure:
    online = inputs.online()
    both = [r for r in online if usage_share(r) is not None]
    applications = sum(
        min(r.number("online_antraege") or 0, r.number("fallzahl") or 0) for r in both
    )
    cases = sum(r.number("fallzahl") or 0 for r in both)
    missing = without(online, both)
    return Figure(
        d.ONLINE_QUOTE,
        value=applications / cases if cases else None,
        numerator=applications,
        denominator=cases,
        counted=tuple(_ids(both)),
        left_out=left_out({"ohne Online-Anträge oder Fallzahl": missing}),
    )


def automatisierung(inputs: Inputs) -> Figure:
    online = inputs.online()
    with_channel = [r for r in online if r.text("empfangskanal")]
    automated = [
        r.ozg_id
        for r in with_channel
        if r.text("empfangskanal") in inputs.defaults.automated_channels
    ]
    figure = ratio(
        d.AUTOMATISIERUNG,
        _ids(with_channel),
        automated,
        left_out({"ohne Empfangskanal": without(online, with_channel)}),
    )
    channels = ", ".join(
        label for key, label in CHANNEL_LABELS.items() if key in inputs.defaults.automated_channels
    )
    return replace(
        figure, assumptions=(f"automatisiert: {channels} ({inputs.defaults.automated_source})",)
    )


def zufriedenheit(inputs: Inputs) -> Figure:
    online = inputs.online()
    rated = [
        r
        for r in online
        if r.number("zufriedenheit") is not None and (r.number("zufriedenheit_n") or 0) > 0
    ]
    weight = sum(r.number("zufriedenheit_n") or 0 for r in rated)
    total = sum(
        (r.number("zufriedenheit") or 0) * (r.number("zufriedenheit_n") or 0) for r in rated
    )
    sources = sorted({r.text("zufriedenheit_quelle") or "Quelle nicht angegeben" for r in rated})
    return Figure(
        d.ZUFRIEDENHEIT,
        value=total / weight if weight else None,
        numerator=total,
        denominator=weight,
        counted=tuple(_ids(rated)),
        left_out=left_out({"ohne Bewertungen": without(online, rated)}),
        notes=tuple(f"Quelle: {source}" for source in sources),
    )
