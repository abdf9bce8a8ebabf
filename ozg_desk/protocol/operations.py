"""The push operation as a Pydantic model, generated from the record kinds' field specs, so
that the wire contract (and `/openapi.json`) states every field's type and limits as the
desktop's own rules do. What JSON Schema cannot state (a value exactly as the field rules store
it, history entries that match the change, storable text) is checked per operation by the
server's services, which refuse such an operation alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
)

from ozg_desk.domain.entities import ENTITIES, EntityKind
from ozg_desk.domain.fields import FieldSpec, Kind
from ozg_desk.domain.kontakte import ROLLEN
from ozg_desk.protocol import MAX_SEQ

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
OP_KINDS = ("create", "update", "delete", "restore")
STRICT = ConfigDict(extra="forbid", strict=True)


def unstorable(text: str) -> str | None:
    """Why no database can keep `text` (a NUL character, a lone UTF-16 surrogate), or None."""
    if "\x00" in text:
        return "Der Text enthält ein NUL-Zeichen."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Der Text enthält ein ungültiges Zeichen (einzelnes Surrogat)."
    return None


def storable(text: str) -> str:
    """Refuse text no database can keep (for bodies other than operations)."""
    reason = unstorable(text)
    if reason:
        raise ValueError(reason)
    return text


def whole_number(value: object) -> object:
    """JSON Schema counts 512.0 as an integer; so do we (strict mode would refuse it)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


STORABLE = AfterValidator(storable)


def text(max_length: int, min_length: int = 0) -> Any:
    """A text type of these lengths in an operation (whether it can be stored is checked per
    operation, so that such a text refuses its operation alone)."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length)]


Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
WHOLE = BeforeValidator(whole_number)
Version = Annotated[int, Field(ge=0, le=MAX_SEQ), WHOLE]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Moment = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Item = Annotated[str, StringConstraints(max_length=100)]
Key = Annotated[str, StringConstraints(max_length=60)]
FieldName = Annotated[str, StringConstraints(pattern=r"^_?[a-z][a-z0-9_]{0,58}$")]


def _value_type(spec: FieldSpec) -> Any:
    """The JSON type of a field's stored value; the exact rule is `spec.clean` (see below)."""
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.URL, Kind.EMAIL):
        value: Any = text(spec.max_length)
    elif kind is Kind.DATE:
        value = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    elif kind is Kind.INT:
        value = Annotated[int, Field(ge=spec.minimum, le=spec.maximum), WHOLE]
    elif kind is Kind.DECIMAL:
        value = Annotated[float, Field(ge=spec.minimum, le=spec.maximum, allow_inf_nan=False)]
    elif kind is Kind.CHOICE:
        value = Literal[tuple(spec.choices)]
    elif kind is Kind.BOOL:
        value = bool
    elif kind is Kind.LIST:
        value = Annotated[list[Item], Field(max_length=spec.maximum)]
    else:
        entry = Annotated[str, StringConstraints(max_length=spec.max_length)]
        value = dict[Key, entry]
    return value if spec.required else value | None


_IDENTITY_TYPES: Mapping[str, Any] = {
    "behoerde_id": Uuid,
    "anbindung_id": Uuid,
    "ozg_id": Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")],
    "key": text(50) | None,
    "rolle": Literal[tuple(ROLLEN)],
}


class HistoryEntry(BaseModel):
    """A history entry as a client sends it; `author` and `at` default to the operation's."""

    model_config = STRICT
    id: Uuid
    field: FieldName
    old: Any = None
    new: Any = None
    author: Name | None = None
    at: Moment | None = None


class OperationBase(BaseModel):
    """Everything of an operation but its record kind and fields (see `operation_model`)."""

    model_config = STRICT
    op_id: Uuid
    entity_id: Uuid
    kind: Literal["create", "update", "delete", "restore"]
    base_version: Version | None = None
    history: Annotated[list[HistoryEntry], Field(max_length=60)] = []
    resolves: Annotated[list[Uuid], Field(max_length=50)] = []
    author: Name
    at: Moment

    @property
    def record_kind(self) -> EntityKind:
        return ENTITIES[str(getattr(self, "entity"))]  # noqa: B009 - set by each subclass

    def field_values(self) -> dict[str, Any]:
        """The fields exactly as sent (absent fields stay absent)."""
        sent: BaseModel = getattr(self, "fields")  # noqa: B009
        return {name: getattr(sent, name) for name in sent.model_fields_set}


def operation_model(kind: EntityKind) -> type[OperationBase]:
    """The operation model of one record kind: its `entity` and the types of its fields."""
    definitions: dict[str, Any] = {
        name: (_IDENTITY_TYPES[name], None) for name in kind.identity if name in _IDENTITY_TYPES
    }
    definitions |= {name: (_value_type(spec), None) for name, spec in kind.fields.items()}
    title = kind.name.title().replace("_", "")
    fields_model: type[BaseModel] = create_model(f"{title}Felder", __config__=STRICT, **definitions)
    model: type[OperationBase] = create_model(
        f"{title}Operation",
        __base__=OperationBase,
        entity=(Literal[kind.name], ...),  # type: ignore[arg-type]
        fields=(fields_model, Field(default_factory=fields_model)),
    )
    return model


OPERATION_MODELS: Mapping[str, type[OperationBase]] = {
    name: operation_model(kind) for name, kind in ENTITIES.items()
}
if TYPE_CHECKING:
    Operation = OperationBase
else:  # one model per record kind, told apart by `entity`
    Operation = Annotated[
        Union[tuple(OPERATION_MODELS.values())],  # noqa: UP007
        Field(discriminator="entity"),
    ]
