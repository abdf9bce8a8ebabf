"""Response bodies of the sync API: what a client may rely on in every answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ozg_desk.protocol.operations import Uuid, Version

OPEN = ConfigDict(extra="forbid")


class Answer(BaseModel):
    """Every answer names its protocol version."""

    model_config = OPEN
    protocol: Literal[1]


class TimedAnswer(Answer):
    server_time: str = Field(description="Nur zur Anzeige; Uhren entscheiden nichts.")


class RejectedOperation(BaseModel):
    model_config = OPEN
    op_id: str
    reason: str


class ErrorAnswer(Answer):
    """Any refusal: a German message, and for some refusals what the client should do."""

    error: str
    code: str | None = Field(None, description="z. B. history_lost: siehe Abschnitt Restore")
    epoch: Uuid | None = None
    epoch_start: Version | None = None
    rejected: list[RejectedOperation] | None = Field(
        None, description="Bei 422 auf einen Push: die Operationen, die nicht gültig sind"
    )


class StatusAnswer(TimedAnswer):
    service: str
    version: str


class WhoAmIAnswer(TimedAnswer):
    tenant: str | None
    tenant_name: str | None
    role: Literal["behoerde", "land", "admin"]
    device: str


class Conflict(BaseModel):
    model_config = OPEN
    id: Uuid
    entity: str
    entity_id: Uuid
    field: str
    mine: Any
    theirs: Any
    my_author: str
    my_at: str
    my_device: str
    their_author: str | None
    their_at: str | None
    state: Literal["open", "resolved"]


class OperationResult(BaseModel):
    model_config = OPEN
    op_id: Uuid
    status: Literal["applied", "conflict", "rejected"]
    version: Version | None = None
    reason: str | None = None
    conflicts: list[Conflict] | None = None


class Placement(BaseModel):
    """The feed epoch and where its numbers begin (see "Restore" in the protocol)."""

    model_config = OPEN
    epoch: Uuid
    epoch_start: Version


class PushAnswer(Answer, Placement):
    results: list[OperationResult]


class RecordChange(BaseModel):
    model_config = OPEN
    seq: Version
    type: Literal["record"]
    entity: str
    entity_id: Uuid
    version: Version
    deleted: bool
    fields: dict[str, Any]


class HistoryOut(BaseModel):
    model_config = OPEN
    id: Uuid
    entity: str
    entity_id: Uuid
    anbindung_id: Uuid | None
    field: str
    old: Any
    new: Any
    author: str
    at: str
    op_id: Uuid | None
    role: str | None = Field(description="Rolle des Zugangs, der den Eintrag gesendet hat")
    device: str | None = Field(description="Gerät des Zugangs, der den Eintrag gesendet hat")


class HistoryChange(BaseModel):
    model_config = OPEN
    seq: Version
    type: Literal["history"]
    entry: HistoryOut


class ConflictChange(BaseModel):
    model_config = OPEN
    seq: Version
    type: Literal["conflict"]
    conflict: Conflict


class Remark(BaseModel):
    model_config = OPEN
    id: Uuid
    anbindung_id: Uuid | None
    text: str
    author: str
    at: str


class RemarkChange(BaseModel):
    model_config = OPEN
    seq: Version
    type: Literal["remark"]
    remark: Remark


Change = Annotated[
    RecordChange | HistoryChange | ConflictChange | RemarkChange, Field(discriminator="type")
]


class ChangesAnswer(TimedAnswer, Placement):
    cursor: Version
    has_more: bool
    changes: list[Change]
    releases: dict[str, int]


class Release(BaseModel):
    model_config = OPEN
    version: int
    stand: str | None
    published_at: str
    content: dict[str, Any]


class ReleaseAnswer(TimedAnswer):
    release: Release | None


class PublishAnswer(TimedAnswer):
    version: int
    report: dict[str, Any]


class RemarkAnswer(TimedAnswer):
    remark: Remark


class Tenant(BaseModel):
    model_config = OPEN
    ars: str
    name: str


class TenantsAnswer(TimedAnswer):
    tenants: list[Tenant]
