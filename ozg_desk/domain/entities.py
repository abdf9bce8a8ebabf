"""The user-editable record kinds, each with its field specs and its cross-field rule."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ozg_desk.domain.anbindung import (
    ANBINDUNG_FIELDS,
    CHECKLIST_FIELDS,
    NEW_ANBINDUNG_DEFAULTS,
    check_anbindung,
)
from ozg_desk.domain.behoerde import (
    BEHOERDE_FIELDS,
    GEMEINDE_FIELDS,
    check_behoerde,
    check_gemeinde,
)
from ozg_desk.domain.documents import (
    DOKUMENT_FIELDS,
    STATE_DATES,
    check_dokument,
    settle_dokument,
)
from ozg_desk.domain.fields import FieldSpec, JsonValue
from ozg_desk.domain.kontakte import KONTAKT_FIELDS


def _unchanged(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    return dict(values)


def _check_only(
    rule: Callable[[Mapping[str, JsonValue]], None],
) -> Callable[[Mapping[str, JsonValue]], dict[str, JsonValue]]:
    def apply(values: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
        rule(values)
        return dict(values)

    return apply


@dataclass(frozen=True)
class EntityKind:
    """A record kind: its name (as stored and synced), German label, fields and rule.

    `identity` names the fields the record's id is derived from (they never change), e.g. an
    Anbindung is its Behörde × OZG-Leistung. `together` groups fields whose values only make
    sense together; when one conflicts, the server holds back the others of its group too.
    """

    name: str
    label: str
    fields: Mapping[str, FieldSpec]
    normalize: Callable[[Mapping[str, JsonValue]], dict[str, JsonValue]] = _unchanged
    identity: tuple[str, ...] = ()
    defaults: Mapping[str, JsonValue] = field(default_factory=dict)
    together: tuple[frozenset[str], ...] = ()  # fields that conflict as a whole in sync
    # Completes a record after a conflict in a `together` group was decided for one side, and
    # says in German what that does (shown with such a conflict).
    settle: Callable[[Mapping[str, JsonValue]], dict[str, JsonValue]] = _unchanged
    settle_text: str = ""

    def together_with(self, name: str) -> frozenset[str]:
        """The other fields that conflict together with `name` (none for most fields)."""
        group = next((group for group in self.together if name in group), frozenset())
        return group - {name}

    def fresh_value(self, name: str) -> JsonValue:
        """The value a field has in a newly created record (nobody chose it)."""
        if name in self.defaults:
            return self.defaults[name]
        spec = self.fields.get(name)
        return spec.clean(None) if spec is not None and not spec.required else None


ANBINDUNG = EntityKind(
    "anbindung",
    "Anbindung",
    ANBINDUNG_FIELDS,
    _check_only(check_anbindung),
    identity=("behoerde_id", "ozg_id"),
    defaults=NEW_ANBINDUNG_DEFAULTS,
)
CHECKLIST_ITEM = EntityKind(
    "checklist_item",
    "Checklistenpunkt",
    CHECKLIST_FIELDS,
    identity=("anbindung_id", "key"),
    defaults={"zustand": "fehlt"},
)
BEHOERDE = EntityKind("behoerde", "Behörde", BEHOERDE_FIELDS, check_behoerde)
DOKUMENT = EntityKind(
    "dokument",
    "Dokument",
    DOKUMENT_FIELDS,
    check_dokument,
    identity=("behoerde_id",),
    defaults={"zustand": "erzeugt"},
    together=(frozenset({"zustand", *STATE_DATES.values()}),),
    settle=settle_dokument,
    settle_text="Wird der Stand dabei zurückgenommen, entfallen die Daten späterer Schritte.",
)
KONTAKT = EntityKind(
    "kontakt", "Ansprechpartner", KONTAKT_FIELDS, identity=("behoerde_id", "rolle")
)
GEMEINDE = EntityKind(
    "gemeinde", "Gemeinde", GEMEINDE_FIELDS, check_gemeinde, identity=("behoerde_id",)
)

ENTITIES: Mapping[str, EntityKind] = {
    kind.name: kind for kind in (ANBINDUNG, CHECKLIST_ITEM, BEHOERDE, GEMEINDE, DOKUMENT, KONTAKT)
}
