"""Minutes per case estimated from the Zeitwerttabelle Verwaltung: the Amt says which standard
activities a case needs and how complex each is; the table's minutes add up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ozg_desk.domain.fields import german_int

LEVELS = ("einfach", "mittel", "hoch")
LEVEL_LABELS: Mapping[str, str] = {"einfach": "einfach", "mittel": "mittel", "hoch": "hoch"}


@dataclass(frozen=True)
class Activity:
    """A standard activity with its minutes per level (`None` where the table gives none)."""

    name: str
    minutes: Mapping[str, int | None]

    def levels(self) -> tuple[str, ...]:
        return tuple(level for level in LEVELS if self.minutes.get(level) is not None)


@dataclass(frozen=True)
class TimeValues:
    """The table with its source, as the defaults file holds it."""

    activities: tuple[Activity, ...]
    source: str
    stand: str
    to_check: bool

    def cite(self) -> str:
        check = " – zu prüfen" if self.to_check else ""
        return f"Quelle: {self.source}{check}"


def activity(name: str, minutes: Sequence[int]) -> Activity:
    """From the file's list „einfach, mittel[, hoch]“; a missing or extra value is an error."""
    if not 2 <= len(minutes) <= len(LEVELS) or any(int(m) < 0 for m in minutes):
        raise ValueError(f"Zeitwert „{name}“: zwei oder drei Minutenwerte erwartet")
    values = [int(m) for m in minutes] + [None] * (len(LEVELS) - len(minutes))
    return Activity(name, dict(zip(LEVELS, values, strict=True)))


def estimate(table: TimeValues, chosen: Mapping[int, str]) -> int:
    """The minutes of the chosen activities (index → level); a level the table lacks is an
    error, not a zero."""
    total = 0
    for index, level in chosen.items():
        minutes = table.activities[index].minutes.get(level)
        if minutes is None:
            raise ValueError(f"„{table.activities[index].name}“ hat keinen Wert „{level}“")
        total += minutes
    return total


def describe(table: TimeValues, chosen: Mapping[int, str]) -> str:
    """„3 Tätigkeiten: 73 Minuten je Fall“ (what the dialog says and reads out)."""
    count = len(chosen)
    if not count:
        return "Keine Tätigkeit gewählt."
    noun = "Tätigkeit" if count == 1 else "Tätigkeiten"
    return f"{count} {noun}: {german_int(estimate(table, chosen))} Minuten je Fall"
