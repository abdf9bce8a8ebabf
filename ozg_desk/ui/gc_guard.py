"""Run Python's cyclic garbage collector only on the GUI thread.

The collector runs in whichever thread happens to allocate when a threshold is crossed. If that
is the database worker, it may destroy Qt objects there, which crashes Qt. Automatic collection
is therefore switched off and done from a timer on the GUI thread, with the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GarbageCollector(QObject):
    """Owned by the application; stays active for its lifetime."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        first, second, third = gc.get_count()
        if first > self.thresholds[0]:
            generation = 0
            if second > self.thresholds[1]:
                generation = 2 if third > self.thresholds[2] else 1
            gc.collect(generation)


def install(app: QObject) -> GarbageCollector:
    """Install once per application (idempotent)."""
    existing = app.findChild(GarbageCollector)
    return existing if isinstance(existing, GarbageCollector) else GarbageCollector(app)
