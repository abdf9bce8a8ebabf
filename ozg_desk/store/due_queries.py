"""What „Fällig“ needs from the store: open Anbindungen' Zieltermine, open checklist items with a
due date, certificate, AVV and contract dates, and papers still waiting for their signed return."""

from __future__ import annotations

import datetime as dt
import sqlite3

from ozg_desk.domain.channels import CHANNELS
from ozg_desk.domain.lifecycle import Status
from ozg_desk.domain.listing import DONE_STATUSES
from ozg_desk.figures.due import (
    ChecklistDue,
    DueItem,
    PrintedPaper,
    Renewal,
    Target,
    due_items,
)

_DONE = tuple(sorted(DONE_STATUSES))
_TARGETS = (
    "SELECT a.ozg_id, o.name, a.zieltermin FROM anbindung a JOIN ozg_leistung o USING (ozg_id) "
    "WHERE NOT a.deleted AND a.zieltermin IS NOT NULL AND a.status NOT IN (?, ?, ?)"
)
_CHECKLIST = (
    "SELECT a.ozg_id, o.name, c.titel, c.faellig FROM checklist_item c "
    "JOIN anbindung a ON a.id = c.anbindung_id JOIN ozg_leistung o ON o.ozg_id = a.ozg_id "
    "WHERE NOT c.deleted AND NOT a.deleted AND c.faellig IS NOT NULL "
    "AND c.zustand NOT IN ('vollstaendig', 'bestaetigt') AND a.status NOT IN (?, ?, ?)"
)
# An online service needs its certificate and contracts most; one that was dropped does not.
_RENEWALS = (
    "SELECT a.ozg_id, o.name, a.empfangskanal, a.zertifikat_gueltig_bis, "
    "a.avv_verlaengerung_am, a.vertrag_verlaengerung_am "
    "FROM anbindung a JOIN ozg_leistung o USING (ozg_id) "
    "WHERE NOT a.deleted AND a.status NOT IN (?, ?) AND (a.zertifikat_gueltig_bis IS NOT NULL "
    "OR a.avv_verlaengerung_am IS NOT NULL OR a.vertrag_verlaengerung_am IS NOT NULL)"
)
_DROPPED = (Status.NOT_RELEVANT.value, Status.OFFLINE.value)
_PRINTED = (
    "SELECT nummer, titel, gedruckt_am FROM dokument "
    "WHERE NOT deleted AND zustand = 'gedruckt' AND gedruckt_am IS NOT NULL"
)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None  # a malformed date from an old import: not due, not a crash


def read_due(connection: sqlite3.Connection, today: dt.date) -> list[DueItem]:
    targets = [
        Target(ozg_id, name, day)
        for ozg_id, name, text in connection.execute(_TARGETS, _DONE)
        if (day := _day(text))
    ]
    checklist = [
        ChecklistDue(ozg_id, name, titel, day)
        for ozg_id, name, titel, text in connection.execute(_CHECKLIST, _DONE)
        if (day := _day(text))
    ]
    papers = [
        PrintedPaper(nummer, titel, day)
        for nummer, titel, text in connection.execute(_PRINTED)
        if (day := _day(text))
    ]
    return due_items(targets, checklist, papers, today, renewals(connection))


def renewals(connection: sqlite3.Connection) -> list[Renewal]:
    found: list[Renewal] = []
    for ozg_id, name, channel_key, certificate, avv, contract in connection.execute(
        _RENEWALS, _DROPPED
    ):
        channel = CHANNELS.get(channel_key or "")
        if channel and channel.certificate and certificate and (day := _day(certificate)):
            found.append(Renewal(ozg_id, name, "Zertifikat", day, channel.certificate))
        for kind, text in (("AVV", avv), ("Vertrag", contract)):
            if text and (day := _day(text)):
                found.append(Renewal(ozg_id, name, kind, day))
    return found
