"""The reference data OZG-Desk ships (OZG catalogue, MV areas), with its source, Stand and
licence as `resources/reference/quellen.toml` states them."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ozg_desk.app.resources import resources_dir

ENV_VARIABLE = "OZG_DESK_REFERENCE_DATA"
OZG_FILES = ("ozg_leistungen.csv", "leika_leistungen.csv")
AREAS_FILE = "mv_gebiete.csv"


@dataclass(frozen=True)
class Source:
    """Where a shipped data set comes from, as the user is shown it."""

    title: str
    files: tuple[str, ...]
    stand: str
    origin: str
    licence: str
    attribution: str

    def describe(self) -> str:
        """One German sentence for the pages that show the data."""
        return f"{self.title}, Stand {self.stand}. Quelle: {self.origin}. Lizenz: {self.licence}."


def shipped_dir() -> Path:
    return resources_dir() / "reference"


def reference_dir() -> Path | None:
    """`$OZG_DESK_REFERENCE_DATA` if set, else the shipped copy; None if files are missing."""
    configured = os.environ.get(ENV_VARIABLE)
    candidate = Path(configured) if configured else shipped_dir()
    if all((candidate / name).is_file() for name in (*OZG_FILES, AREAS_FILE)):
        return candidate
    return None


@cache
def sources() -> dict[str, Source]:
    """`katalog` and `gebiete`: the shipped data sets and their provenance."""
    raw = tomllib.loads((shipped_dir() / "quellen.toml").read_text(encoding="utf-8"))
    return {
        key: Source(
            title=entry["titel"],
            files=tuple(entry["dateien"]),
            stand=entry["stand"],
            origin=entry["quelle"],
            licence=entry["lizenz"],
            attribution=entry["namensnennung"],
        )
        for key, entry in raw.items()
    }
