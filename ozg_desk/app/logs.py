"""Logging to a rotating file in the data directory (never tokens or personal data)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "ozg-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send all log records to `log_dir/ozg-desk.log` (rotating); return the file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "ozg_desk", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.ozg_desk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
