"""German dates and times for users, one format for the whole program (GUI, CLI, documents)."""

from __future__ import annotations

import datetime as dt


def german_date(value: object) -> str:
    """`2026-03-01`, a date or an ISO time → `01.03.2026`; empty for nothing.

    Text that is no date comes back unchanged: a damaged value stays readable rather than
    breaking the list or the document that shows it.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):  # a datetime too: its own calendar day
        return f"{value:%d.%m.%Y}"
    text = str(value)
    try:
        return f"{dt.date.fromisoformat(text[:10]):%d.%m.%Y}"
    except ValueError:
        return text


def local_time(iso: str | None, *, short: bool = False) -> str:
    """`2026-03-12T09:15:02+00:00` → `12.03.2026 10:15` in local time (short: `12.03. 10:15`).

    Empty if unreadable. A time without offset is UTC, as the protocol writes it.
    """
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d.%m. %H:%M" if short else "%d.%m.%Y %H:%M")
