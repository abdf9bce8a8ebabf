"""The Anbindung lifecycle: statuses, the transitions a workflow allows, and what each requires.

The exact MV sequence is not public, so the workflow is data (`Workflow`), with a default that
follows the MV-Serviceportal checklist; skipping ahead is allowed because work often happened
before the Amt started tracking it, going back only one step so that corrections stay deliberate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ozg_desk.domain.errors import TransitionError


class Status(StrEnum):
    """Lifecycle status of an Anbindung; the values are stored and synced."""

    OPEN = "offen"
    PLANNED = "geplant"
    PAPERS = "unterlagen"
    SIGNED = "unterzeichnet"
    EDITORIAL = "redaktion"
    CHANNEL = "empfangskanal"
    TEST = "test"
    GO_LIVE_PLANNED = "golive_geplant"
    ONLINE = "online"
    NOT_RELEVANT = "nicht_relevant"
    DEFERRED = "zurueckgestellt"
    OFFLINE = "offline"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: Mapping[Status, str] = {
    Status.OPEN: "offen",
    Status.PLANNED: "geplant",
    Status.PAPERS: "Unterlagen in Vorbereitung",
    Status.SIGNED: "unterzeichnet",
    Status.EDITORIAL: "Redaktion gepflegt",
    Status.CHANNEL: "Empfangskanal eingerichtet",
    Status.TEST: "Test",
    Status.GO_LIVE_PLANNED: "Go-live geplant",
    Status.ONLINE: "online",
    Status.NOT_RELEVANT: "nicht relevant",
    Status.DEFERRED: "zurückgestellt",
    Status.OFFLINE: "offline",
}

MAIN_LINE: tuple[Status, ...] = (
    Status.OPEN,
    Status.PLANNED,
    Status.PAPERS,
    Status.SIGNED,
    Status.EDITORIAL,
    Status.CHANNEL,
    Status.TEST,
    Status.GO_LIVE_PLANNED,
    Status.ONLINE,
)

# Fields that must have a value once an Anbindung is in the status (checked on entering it).
DEFAULT_REQUIREMENTS: Mapping[Status, tuple[str, ...]] = {
    Status.PLANNED: ("zieltermin",),
    Status.CHANNEL: ("empfangskanal",),
    Status.GO_LIVE_PLANNED: ("golive_datum",),
    Status.ONLINE: ("golive_datum", "empfangskanal"),
    Status.NOT_RELEVANT: ("status_begruendung",),
    Status.DEFERRED: ("status_begruendung",),
    Status.OFFLINE: ("status_begruendung",),
}


@dataclass(frozen=True)
class Workflow:
    """Which status changes are allowed and which fields each target status requires."""

    main_line: tuple[Status, ...] = MAIN_LINE
    requirements: Mapping[Status, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_REQUIREMENTS)
    )

    def allowed_targets(self, current: Status) -> tuple[Status, ...]:
        """The statuses reachable from `current`, in the order a user reads them."""
        line = self.main_line
        if current in line:
            index = line.index(current)
            targets = list(line[index + 1 :])
            if index > 0:
                targets.insert(0, line[index - 1])
            if current is Status.ONLINE:
                targets.append(Status.OFFLINE)
            else:
                targets += [Status.DEFERRED, Status.NOT_RELEVANT]
            return tuple(targets)
        if current is Status.OFFLINE:
            return (Status.ONLINE, Status.PLANNED, Status.NOT_RELEVANT)
        # Deferred or not relevant: the decision can be taken back.
        other = Status.NOT_RELEVANT if current is Status.DEFERRED else Status.DEFERRED
        return (Status.OPEN, Status.PLANNED, other)

    def missing_fields(self, target: Status, values: Mapping[str, object]) -> tuple[str, ...]:
        """Required fields of `target` that have no value in `values`."""
        return tuple(
            name for name in self.requirements.get(target, ()) if values.get(name) in (None, "")
        )

    def check(self, current: Status, target: Status, values: Mapping[str, object]) -> None:
        """Raise TransitionError unless `current → target` is allowed with `values`."""
        if target == current:
            return
        if target not in self.allowed_targets(current):
            raise TransitionError(
                f"Der Status kann nicht von „{current.label}“ auf „{target.label}“ wechseln."
            )
        missing = self.missing_fields(target, values)
        if missing:
            raise TransitionError(
                f"Für den Status „{target.label}“ fehlen Angaben.", missing=missing
            )

    def progress(self, status: Status) -> float:
        """Position on the main line from 0 to 1 (0 for side statuses), for display."""
        if status not in self.main_line:
            return 0.0
        return self.main_line.index(status) / (len(self.main_line) - 1)


DEFAULT_WORKFLOW = Workflow()
