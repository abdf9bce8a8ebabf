"""All figures for one set of inputs, in the order of the definitions."""

from __future__ import annotations

from ozg_desk.figures import coverage, economics, timeline
from ozg_desk.figures.inputs import Inputs
from ozg_desk.figures.model import Figure


def compute_all(inputs: Inputs) -> tuple[Figure, ...]:
    time_figure = economics.zeiteffizienz(inputs)
    return (
        coverage.anbindungsquote(inputs),
        coverage.reifegrad_figure(inputs),
        coverage.fallzahl_verfuegbarkeit(inputs),
        coverage.online_quote(inputs),
        coverage.automatisierung(inputs),
        time_figure,
        economics.vollzeit(time_figure, inputs),
        economics.prozesskosten(inputs),
        economics.buergerzeit(inputs),
        economics.rendite(inputs),
        coverage.zufriedenheit(inputs),
        timeline.durchlaufzeit(inputs),
        timeline.fortschritt(inputs),
    )
