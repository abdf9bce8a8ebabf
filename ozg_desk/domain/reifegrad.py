"""Reifegrad (maturity) models: a level is only meaningful together with its model version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ReifegradModel:
    """A maturity model version with its level names."""

    version: str
    title: str
    levels: Mapping[int, str]

    @property
    def maximum(self) -> int:
        return max(self.levels)


MODEL_1 = ReifegradModel(
    version="1",
    title="Reifegradmodell 1.x (0–4)",
    levels={
        0: "offline",
        1: "Information online",
        2: "Formularassistent",
        3: "Online-Antrag inkl. Nachweise (OZG-konform)",
        4: "vollständig digital inkl. Once-Only",
    },
)

MODEL_2 = ReifegradModel(
    version="2.0",
    title="Reifegradmodell 2.0 (0–7)",
    levels={level: f"Stufe {level}" for level in range(8)},
)

MODELS: Mapping[str, ReifegradModel] = {model.version: model for model in (MODEL_1, MODEL_2)}
DEFAULT_MODEL = MODEL_1


def describe(level: int | None, version: str | None) -> str:
    """German text for a level with its model, e.g. `3 (Modell 1): Online-Antrag …`."""
    if level is None:
        return "—"
    model = MODELS.get(version or "")
    if model is None:
        return f"{level} (Modell unbekannt)"
    return f"{level} (Modell {model.version}): {model.levels.get(level, '?')}"
