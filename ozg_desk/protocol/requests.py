"""Request bodies of the sync API (besides the operation itself, see `operations`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from ozg_desk.protocol import MAX_OPS, PROTOCOL
from ozg_desk.protocol.operations import STORABLE, STRICT, WHOLE, Operation, Uuid, Version

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
    device_id: (
        Annotated[str, StringConstraints(max_length=100, min_length=1, pattern=NAMED), STORABLE]
        | None
    ) = None
    ops: Annotated[list[Operation], Field(max_length=MAX_OPS)]


class RemarkRequest(BaseModel):
    """`POST /api/v1/remarks`: a note of the Land on a Behörde or one of its Anbindungen."""

    model_config = STRICT
    protocol: ProtocolVersion = PROTOCOL
    text: Annotated[
        str, StringConstraints(max_length=MAX_REMARK, min_length=1, pattern=NAMED), STORABLE
    ]
    anbindung_id: Uuid | None = None


# Texts: no NUL (no database stores it; lone surrogates, which JSON Schema cannot name, are
# refused by STORABLE), and names with at least one visible character.
PLAIN = r"^[^\x00]*$"
# Whitespace spelled out: `\s` means different characters in the server's regex engine and in
# the ECMA regexes of OpenAPI clients (U+0085 is space to one, a letter to the other).
_SPACE = r"\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NAMED = rf"^[^\x00]*[^{_SPACE}\x00][^\x00]*$"
Named = Annotated[str, StringConstraints(max_length=500, pattern=NAMED), STORABLE]
Label = Annotated[str, StringConstraints(max_length=200, pattern=NAMED), STORABLE]
OzgId = Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]


class OzgRow(BaseModel):
    """An OZG-Leistung of a catalogue release (checked again with the import's row rules)."""

    model_config = STRICT
    ozg_id: OzgId
    name: Named
    themenfeld: Label
    lage: Label
    anzahl_leika: Annotated[int, Field(ge=0, le=99_999), WHOLE] | None = None


class LeikaRow(BaseModel):
    """A LeiKa-Leistung of a catalogue release (the key is a 14-digit string or none)."""

    model_config = STRICT
    schluessel: Annotated[str, StringConstraints(pattern=r"^([0-9]{14})?$")] | None = None
    name: Named
    typ_raw: Annotated[str, StringConstraints(max_length=100, pattern=PLAIN), STORABLE] = ""
    typ: Annotated[str, StringConstraints(max_length=100, pattern=PLAIN), STORABLE] | None = None
    ozg_id: Annotated[str, StringConstraints(pattern=r"^([0-9]{5})?$")] | None = None
    rechtsgrundlage: Annotated[str, StringConstraints(max_length=500, pattern=PLAIN), STORABLE] = ""


class CatalogueRelease(BaseModel):
    """The catalogue as the Land publishes it: OZG- and LeiKa-Leistungen with their Stand."""

    model_config = STRICT
    stand: Annotated[str, StringConstraints(max_length=50, pattern=PLAIN), STORABLE] | None = None
    ozg: Annotated[list[OzgRow], Field(max_length=MAX_RELEASE_ROWS)]
    leika: Annotated[list[LeikaRow], Field(max_length=MAX_RELEASE_ROWS)]


class PublishCatalogueRequest(BaseModel):
    """`POST /api/v1/releases/catalogue`."""

    model_config = STRICT
    protocol: ProtocolVersion = PROTOCOL
    release: CatalogueRelease
