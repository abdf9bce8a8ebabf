"""„Fällig“: what needs doing soon — Zieltermine overdue or due within 30 / 90 days, checklist
items due, certificates expiring, AVV and contracts to renew, and papers printed but not back
signed after 30 days (plain values, no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ozg_desk.app.german_time import german_date

HORIZON_DAYS = 90
SOON_DAYS = 30
NOTICE_DAYS = 14  # the quiet notice at start-up
RETURN_AFTER_DAYS = 30  # a printed paper not back signed after this is overdue


@dataclass(frozen=True)
class Target:
    """An open Anbindung's Zieltermin."""

    ozg_id: str
    name: str
    day: dt.date


@dataclass(frozen=True)
class ChecklistDue:
    ozg_id: str
    name: str
    titel: str
    day: dt.date


@dataclass(frozen=True)
class PrintedPaper:
    nummer: str
    titel: str
    printed: dt.date


@dataclass(frozen=True)
class Renewal:
    """A date of an Anbindung by which something must be renewed: `kind` is „Zertifikat“,
    „AVV“ or „Vertrag“; `certificate` names the channel's certificate („OSCI“)."""

    ozg_id: str
    name: str
    kind: str
    day: dt.date
    certificate: str | None = None

    def text(self, today: dt.date) -> str:
        day = _german(self.day)
        if self.kind == "Zertifikat":
            verb = "ist abgelaufen am" if self.day < today else "läuft ab am"
            what = f"Zertifikat ({self.certificate}) {verb} {day}"
        else:
            what = f"{self.kind} zu verlängern bis {day}"
        return f"{self.ozg_id} {self.name}: {what}"


@dataclass(frozen=True)
class DueItem:
    """One line of „Fällig“: `day` is when it is (or was) due."""

    day: dt.date
    kind: str  # „Zieltermin“, „Checkliste“, „Zertifikat“, „AVV“, „Vertrag“, „Rücklauf“
    what: str
    ozg_id: str | None = None

    def group(self, today: dt.date) -> str:
        if self.day < today:
            return "überfällig"
        if self.day <= today + dt.timedelta(days=SOON_DAYS):
            return f"in den nächsten {SOON_DAYS} Tagen"
        return f"in den nächsten {HORIZON_DAYS} Tagen"


def due_items(
    targets: Iterable[Target],
    checklist: Iterable[ChecklistDue],
    papers: Iterable[PrintedPaper],
    today: dt.date,
    renewals: Iterable[Renewal] = (),
) -> list[DueItem]:
    """Everything overdue or due within the horizon, earliest first."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    items = [
        DueItem(t.day, "Zieltermin", f"{t.ozg_id} {t.name}: online bis {_german(t.day)}", t.ozg_id)
        for t in targets
        if t.day <= horizon
    ]
    items += [
        DueItem(c.day, "Checkliste", f"{c.ozg_id} {c.name}: {c.titel}", c.ozg_id)
        for c in checklist
        if c.day <= horizon
    ]
    items += [DueItem(r.day, r.kind, r.text(today), r.ozg_id) for r in renewals if r.day <= horizon]
    items += [
        DueItem(
            p.printed + dt.timedelta(days=RETURN_AFTER_DAYS),
            "Rücklauf",
            f"{p.nummer} {p.titel}: gedruckt am {_german(p.printed)}, "
            "noch nicht unterschrieben zurück",
        )
        for p in papers
        if p.printed + dt.timedelta(days=RETURN_AFTER_DAYS) <= horizon
    ]
    return sorted(items, key=lambda item: (item.day, item.kind, item.what))


def notice(items: Iterable[DueItem], today: dt.date) -> str | None:
    """The quiet start-up line: what is overdue and what is due within 14 days, or None."""
    listed = list(items)
    overdue = sum(1 for item in listed if item.day < today)
    soon = sum(1 for item in listed if today <= item.day <= today + dt.timedelta(days=NOTICE_DAYS))
    if not overdue and not soon:
        return None
    parts = []
    if soon:
        parts.append(f"{soon} Termin{'e' if soon != 1 else ''} in den nächsten {NOTICE_DAYS} Tagen")
    if overdue:
        parts.append(f"{overdue} überfällig")
    return "Fällig: " + ", ".join(parts) + " – siehe Übersicht."


def _german(day: dt.date) -> str:
    return german_date(day.isoformat())
