"""Charts of the Kennzahlen, one definition for the window (SVG) and the report (vector PDF)."""

from ozg_desk.charts.builders import (
    anbindungsquote_themenfeld,
    burn_up,
    charts_for,
    reifegrad,
    rendite_scenarios,
)
from ozg_desk.charts.model import Chart
from ozg_desk.charts.plot import Plot, Series

__all__ = [
    "Chart",
    "Plot",
    "Series",
    "anbindungsquote_themenfeld",
    "burn_up",
    "charts_for",
    "reifegrad",
    "rendite_scenarios",
]
