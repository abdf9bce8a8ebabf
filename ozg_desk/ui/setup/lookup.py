"""Suggestions from the imported areas: the usual name of a Behörde and the seat of an Amt."""

from __future__ import annotations

from ozg_desk.store.area_queries import Area


def suggested_name(area: Area, typ: str) -> str:
    """„Amt Crivitz“, „Landkreis Ludwigslust-Parchim“, „Stadt Dargun“ (from „Dargun, Stadt“)."""
    name = area.name
    if typ == "amt":
        return f"Amt {name}"
    if typ == "landkreis":
        return name if name.startswith("Landkreis") else f"Landkreis {name}"
    if ", " in name:
        # Destatis puts the designation last („Demmin, Hansestadt“); letters put it first.
        place, designation = name.rsplit(", ", 1)
        return f"{designation} {place}"
    return name
