"""Find the real reference data (OZG catalogue, MV areas) beside a development checkout."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VARIABLE = "OZG_DESK_REFERENCE_DATA"
OZG_FILES = ("ozg_leistungen.csv", "leika_leistungen.csv")
AREAS_FILE = "mv_gebiete.csv"


def reference_dir() -> Path | None:
    """`$OZG_DESK_REFERENCE_DATA`, else `../shared/data/ozg` beside the checkout, if present."""
    configured = os.environ.get(ENV_VARIABLE)
    candidates = [Path(configured)] if configured else []
    checkout = Path(__file__).resolve().parent.parent
    candidates += [
        checkout.parent / "shared" / "data" / "ozg",
        Path.cwd().parent / "shared" / "data" / "ozg",
    ]
    for candidate in candidates:
        if all((candidate / name).is_file() for name in (*OZG_FILES, AREAS_FILE)):
            return candidate
    return None
