"""What a chart draws: its kind, categories and series, free of reportlab and of the table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["lines", "bars", "columns"]  # bars run across, columns stand (may be negative)
EMPTY = "Keine Daten"


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: its name in the legend, a value per category (None where
    there is none, never a made-up 0) and each value's German label."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Plot:
    kind: Kind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis: str = ""  # the value axis' caption with its unit
    percent: bool = False  # values are shares 0..1 on an axis of 0–100 %
    today: int | None = None  # the category marked „heute“ (lines)
    empty_text: str = EMPTY

    @property
    def empty(self) -> bool:
        return not any(value is not None for series in self.series for value in series.values)

    def height_for(self, width: float) -> float:
        """A height that fits at `width` (bars need a line per category)."""
        if self.empty:
            return 60.0
        if self.kind == "bars":
            return 40.0 + 20.0 * len(self.categories)
        return max(160.0, width * 0.45)
