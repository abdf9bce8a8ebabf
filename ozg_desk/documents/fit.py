"""Whether a paper fits the records it is made for: the statuses its template names and the
fields it states (a Go-Live-Bestätigung for a service that is not even tracked would confirm a
test that never happened). Outside them a paper is made only when someone says so."""

from __future__ import annotations

from collections.abc import Sequence

from ozg_desk.app.errors import KnownError
from ozg_desk.documents.context import Leistung
from ozg_desk.documents.templates import Template
from ozg_desk.domain.anbindung import ANBINDUNG_FIELDS
from ozg_desk.domain.lifecycle import STATUS_LABELS, Status

EMPTY: tuple[object, ...] = (None, "", [], {})


class NotFitting(KnownError):
    """The paper does not fit its records; `reasons` says where, one German line each."""

    def __init__(self, template: Template, reasons: Sequence[str]) -> None:
        super().__init__(
            f"„{template.titel}“ passt nicht zu den erfassten Angaben: " + "; ".join(reasons) + "."
        )
        self.template, self.reasons = template, tuple(reasons)


def misfits(template: Template, leistungen: Sequence[Leistung]) -> list[str]:
    """Where the records do not fit the template (empty: they do)."""
    reasons = []
    for leistung in leistungen:
        values = leistung.anbindung
        status = values.get("status")
        label = f"{leistung.ozg_id} {leistung.name}"
        if template.statuses and status not in template.statuses:
            fitting = ", ".join(STATUS_LABELS[Status(name)] for name in template.statuses)
            now = "nicht erfasst" if status is None else f"Status „{Status(str(status)).label}“"
            reasons.append(f"{label} ist {now} (die Vorlage ist für: {fitting})")
        missing = [
            ANBINDUNG_FIELDS[name].label for name in template.needs if values.get(name) in EMPTY
        ]
        if missing:
            reasons.append(f"bei {label} fehlt {', '.join(f'„{name}“' for name in missing)}")
    return reasons
