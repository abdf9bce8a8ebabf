"""Request bodies of the sync API (besides the operation itself, see `operations`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from ozg_desk.protocol import MAX_OPS, PROTOCOL
from ozg_desk.protocol.operations import STORABLE, STRICT, Operation, Uuid, Version

MAX_RELEASE_ROWS = 50_000
ProtocolVersion = Annotated[
    Literal[1], Field(description="Protokollversion des Inhalts; eine andere: HTTP 426")
]
MAX_REMARK = 5000


class Position(BaseModel):
    """Where a client stands in the server's history: the feed epoch it last read and the
    highest version it has seen (its cursor or an acknowledged push). The server refuses a
    position from a history it no longer has (docs/sync-protocol.md, "Restore")."""

    model_config = STRICT
    epoch: Uuid | None = None
    seen: Version | None = None


class PushRequest(Position):
    """`POST /api/v1/push`: up to 200 operations, applied in order."""

    protocol: ProtocolVersion = PROTOCOL
    device_id: Annotated[str, StringConstraints(max_length=100, min_length=1), STORABLE] | None = (
        None
    )
    ops: Annotated[list[Operation], Field(max_length=MAX_OPS)]


class RemarkRequest(BaseModel):
    """`POST /api/v1/remarks`: a note of the Land on a Behörde or one of its Anbindungen."""

    model_config = STRICT
    protocol: ProtocolVersion = PROTOCOL
    text: Annotated[str, StringConstraints(max_length=MAX_REMARK, min_length=1), STORABLE]
    anbindung_id: Uuid | None = None


class OzgRow(BaseModel):
    """An OZG-Leistung of a catalogue release (checked again with the import's row rules)."""

    model_config = STRICT
    ozg_id: Annotated[str, StringConstraints(max_length=10, min_length=1), STORABLE]
    name: Annotated[str, StringConstraints(max_length=500, min_length=1), STORABLE]
    themenfeld: Annotated[str, StringConstraints(max_length=200, min_length=1), STORABLE]
    lage: Annotated[str, StringConstraints(max_length=200, min_length=1), STORABLE]
    anzahl_leika: Annotated[int, Field(ge=0, le=99_999)] | None = None


class LeikaRow(BaseModel):
    """A LeiKa-Leistung of a catalogue release."""

    model_config = STRICT
    schluessel: Annotated[str, StringConstraints(max_length=20), STORABLE] | None = None
    name: Annotated[str, StringConstraints(max_length=500, min_length=1), STORABLE]
    typ_raw: Annotated[str, StringConstraints(max_length=100), STORABLE] = ""
    typ: Annotated[str, StringConstraints(max_length=100), STORABLE] | None = None
    ozg_id: Annotated[str, StringConstraints(max_length=10), STORABLE] | None = None
    rechtsgrundlage: Annotated[str, StringConstraints(max_length=500), STORABLE] = ""


class CatalogueRelease(BaseModel):
    """The catalogue as the Land publishes it: OZG- and LeiKa-Leistungen with their Stand."""

    model_config = STRICT
    stand: Annotated[str, StringConstraints(max_length=50), STORABLE] | None = None
    ozg: Annotated[list[OzgRow], Field(max_length=MAX_RELEASE_ROWS)]
    leika: Annotated[list[LeikaRow], Field(max_length=MAX_RELEASE_ROWS)]


class PublishCatalogueRequest(BaseModel):
    """`POST /api/v1/releases/catalogue`."""

    model_config = STRICT
    protocol: ProtocolVersion = PROTOCOL
    release: CatalogueRelease
