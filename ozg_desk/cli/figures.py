"""`ozg-desk figures`: every Kennzahl with value, numerator, denominator, unit, source and the
OZG-IDs counted and left out, as German text or as JSON for scripts."""

from __future__ import annotations

import json

from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import shipped_defaults
from ozg_desk.figures.text import explanation, value_text
from ozg_desk.store.database import Store
from ozg_desk.store.figure_inputs import figure_inputs


def run_figures_command(store: Store, as_json: bool) -> int:
    defaults = shipped_defaults()
    with store.read() as connection:
        figures = compute_all(figure_inputs(connection, defaults))
    if as_json:
        print(json.dumps([figure.to_json() for figure in figures], ensure_ascii=False, indent=2))
        return 0
    for figure in figures:
        print(f"{figure.definition.name}: {value_text(figure)}")
        for line in explanation(figure):
            print(f"  {line}")
        print()
    return 0
