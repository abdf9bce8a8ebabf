"""Suggestions from the imported areas: the usual name of a Behörde and the seat of an Amt."""

from __future__ import annotations

from ozg_desk.store.area_queries import Area, official_name


def suggested_name(area: Area, typ: str) -> str:
    """„Amt Crivitz“, „Landkreis Ludwigslust-Parchim“, „Stadt Dargun“ (from „Dargun, Stadt“)."""
    return official_name(area.name, typ)
