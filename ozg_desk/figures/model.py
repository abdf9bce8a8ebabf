"""A computed figure as data: what it means, how it was computed, which records it rests on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Definition:
    """What a figure is, independent of any data: the text a council member reads."""

    id: str
    name: str
    definition: str  # one German sentence
    formula: str
    unit: str
    source: str


@dataclass(frozen=True)
class LeftOut:
    """Records a figure could not count, with the reason (e.g. „ohne Fallzahl“)."""

    reason: str
    ozg_ids: tuple[str, ...]

    def describe(self) -> str:
        count = len(self.ozg_ids)
        return f"{self.reason}: {count} Leistung{'en' if count != 1 else ''}"


@dataclass(frozen=True)
class Figure:
    """A figure's value with numerator, denominator and the records behind it.

    `value` is None when nothing could be counted (a denominator of 0), never a made-up 0.
    `parts` break the figure down (per Themenfeld, per Gemeinde, per Reifegradmodell, per
    scenario, per month); a part's `key` names it.
    """

    definition: Definition
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    counted: tuple[str, ...] = ()
    left_out: tuple[LeftOut, ...] = ()
    parts: tuple[Figure, ...] = ()
    key: str = ""
    notes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()  # „Stundensatz gehobener Dienst 42,20 €/h (Quelle …)“

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def left_out_ids(self) -> tuple[str, ...]:
        return tuple(ozg_id for item in self.left_out for ozg_id in item.ozg_ids)

    def part(self, key: str) -> Figure:
        return next(part for part in self.parts if part.key == key)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values: what `ozg-desk figures --json` prints and a report stores."""
        data: dict[str, Any] = {
            "id": self.definition.id,
            "name": self.definition.name,
            "definition": self.definition.definition,
            "formula": self.definition.formula,
            "unit": self.definition.unit,
            "source": self.definition.source,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "counted": list(self.counted),
            "left_out": [{"reason": i.reason, "ozg_ids": list(i.ozg_ids)} for i in self.left_out],
        }
        if self.key:
            data["key"] = self.key
        if self.notes:
            data["notes"] = list(self.notes)
        if self.assumptions:
            data["assumptions"] = list(self.assumptions)
        if self.parts:
            data["parts"] = [part.to_json() for part in self.parts]
        return data


def ratio(
    definition: Definition,
    counted: Sequence[str],
    hits: Sequence[str],
    left_out: Sequence[LeftOut] = (),
    key: str = "",
) -> Figure:
    """A share: how many of `counted` are among `hits`; None over an empty set."""
    wanted = set(hits)
    numerator = sum(1 for ozg_id in counted if ozg_id in wanted)
    return Figure(
        definition,
        value=numerator / len(counted) if counted else None,
        numerator=numerator,
        denominator=len(counted),
        counted=tuple(counted),
        left_out=tuple(item for item in left_out if item.ozg_ids),
        key=key,
    )


def left_out(reasons: Mapping[str, Sequence[str]]) -> tuple[LeftOut, ...]:
    """Non-empty groups of left-out records, in the order given."""
    return tuple(LeftOut(reason, tuple(ids)) for reason, ids in reasons.items() if ids)


def as_part(figure: Figure, key: str) -> Figure:
    return replace(figure, key=key)


def without(records: Sequence[Any], subset: Sequence[Any]) -> list[str]:
    """The OZG-IDs of `records` not in `subset`, compared by id (records compare by value)."""
    kept = {record.ozg_id for record in subset}
    return [record.ozg_id for record in records if record.ozg_id not in kept]
