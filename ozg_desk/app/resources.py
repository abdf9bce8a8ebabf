"""Where the shipped resources are (fonts, colour profile, document templates): beside the
package in a checkout or editable install, inside the bundle of a frozen build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    configured = os.environ.get("OZG_DESK_RESOURCES")
    if configured:
        return Path(configured)
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
