"""The Behörde's Ansprechpartner: one person per role (fachlich, technisch, Redaktion, ePayment)
with function, phone and e-mail; the forms of the Anbindung name them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from ozg_desk.domain.anbindung import ID_NAMESPACE
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import FieldSpec, Kind, specs_by_name

# Role key → German label, in the order the forms list them.
ROLLEN: Mapping[str, str] = {
    "fachlich": "fachlich",
    "technisch": "technisch",
    "redaktion": "Redaktion",
    "epayment": "ePayment",
}

# The role is part of the record's identity (see EntityKind.identity), not an editable field.
KONTAKT_FIELDS = specs_by_name(
    FieldSpec("name", "Name"),
    FieldSpec("funktion", "Funktion"),
    FieldSpec("telefon", "Telefon", max_length=50),
    FieldSpec("email", "E-Mail", Kind.EMAIL),
)


def check_rolle(value: object) -> str:
    if not isinstance(value, str) or value not in ROLLEN:
        raise DomainError(f"„{value}“ ist keine Rolle eines Ansprechpartners.")
    return str(value)


def kontakt_id(behoerde_ars: str, rolle: str) -> str:
    """Deterministic id: every device names the same Ansprechpartner of a role alike."""
    return str(uuid.uuid5(ID_NAMESPACE, f"kontakt:{behoerde_ars}:{check_rolle(rolle)}"))
