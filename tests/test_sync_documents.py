"""Register entries travel with sync; the PDF stays on the PC that made it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ozg_desk.documents import service
from ozg_desk.store.register import RegisterEntry, advance_document, find_entry
from ozg_desk.store.resolution import resolve_conflict
from ozg_server.accounts import issue_token
from tests.documents_support import NOW
from tests.helpers import seed_catalogue
from tests.sync_support import AMT_A, Client, LiveServer, make_client, tenant_with_token
from tests.test_sync_roundtrip import conflicts


def test_a_document_made_on_one_pc_is_returned_on_another(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna = make_client(
        "Anna", tmp_path, live_server.url, tenant_with_token(live_server.engine, AMT_A, "Amt")
    )
    bernd_token = issue_token(live_server.engine, "behoerde", "pc-2", AMT_A)
    bernd = make_client("Bernd", tmp_path, live_server.url, bernd_token)
    for client in (anna, bernd):
        seed_catalogue(client.session.store)
    anna.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    anna.repository.create_anbindung("10160")
    made = service.generate(anna.session, "antrag_anbindung", ["10160"], now=NOW)
    anna.sync()

    bernd.sync()
    with bernd.session.store.read() as connection:
        arrived = find_entry(connection, made.nummer)
    assert (
        arrived is not None and arrived.sha256 == made.sha256 and arrived.leistungen == ("10160",)
    )
    assert not (bernd.session.data_dir.documents / f"{made.nummer}.pdf").exists()

    # The signed paper comes back to Bernd's desk: he records the return.
    returned = dt.date(2026, 12, 1)
    advance_document(bernd.repository, made.nummer, "unterschrieben", returned, today=returned)
    bernd.sync()
    anna.sync()
    with anna.session.store.read() as connection:
        returned = find_entry(connection, made.nummer)
    assert returned is not None and returned.zustand == "unterschrieben"
    assert returned.dates["unterschrieben"] == "2026-12-01"

    # Anna records „versandt“ by mistake and takes it back: the server takes the undo as well.
    day = dt.date(2026, 12, 2)
    sent = advance_document(anna.repository, made.nummer, "versandt", day, today=day)
    anna.repository.undo(sent)
    report = anna.sync()
    assert not report.rejected
    bernd.sync()
    with bernd.session.store.read() as connection:
        back = find_entry(connection, made.nummer)
    assert back is not None and back.zustand == "unterschrieben"
    assert not back.dates.get("versandt")
    anna.close()
    bernd.close()


def racing_undo(live_server: LiveServer, tmp_path: Path) -> tuple[Client, Client, str]:
    """Anna takes back „unterschrieben“ after Bernd already recorded „versandt“ and synced.
    Returns both PCs (Anna after her sync) and the paper's number."""
    anna = make_client(
        "Anna", tmp_path, live_server.url, tenant_with_token(live_server.engine, AMT_A, "Amt")
    )
    bernd = make_client(
        "Bernd",
        tmp_path,
        live_server.url,
        issue_token(live_server.engine, "behoerde", "pc-2", AMT_A),
    )
    for client in (anna, bernd):
        seed_catalogue(client.session.store)
    anna.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    anna.repository.create_anbindung("10160")
    made = service.generate(anna.session, "antrag_anbindung", ["10160"], now=NOW)
    day = dt.date(2026, 12, 1)
    signed = advance_document(anna.repository, made.nummer, "unterschrieben", day, today=day)
    anna.sync()
    bernd.sync()
    later = dt.date(2026, 12, 2)
    advance_document(bernd.repository, made.nummer, "versandt", later, today=later)
    bernd.sync()
    anna.repository.undo(signed)
    assert anna.sync().conflicts == 2  # the state, and the date that belongs to it
    return anna, bernd, made.nummer


def entry(client: Client, nummer: str) -> RegisterEntry:
    with client.session.store.read() as connection:
        found = find_entry(connection, nummer)
    assert found is not None
    return found


def test_undo_racing_another_pcs_step_conflicts_as_a_whole(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """The paper's state and its dates stay consistent and Anna gets a conflict to decide,
    not a half-undo."""
    anna, bernd, nummer = racing_undo(live_server, tmp_path)
    bernd.sync()
    for client in (anna, bernd):  # nothing half-undone: the return date is still there
        assert entry(client, nummer).zustand == "versandt"
        assert entry(client, nummer).dates["unterschrieben"] == "2026-12-01"
    assert sorted((name, mine, theirs) for name, mine, theirs in conflicts(anna)) == [
        ("unterschrieben_am", None, "2026-12-01"),
        ("zustand", "erzeugt", "versandt"),
    ]
    # Anna accepts that the paper has gone out: one decision settles the state and its date.
    with anna.session.store.read() as connection:
        state_conflict = connection.execute(
            "SELECT id FROM conflict WHERE state = 'open' AND field = 'zustand'"
        ).fetchone()[0]
    resolve_conflict(anna.repository, state_conflict, "theirs")
    assert conflicts(anna) == []
    assert not anna.sync().rejected
    bernd.sync()
    for client in (anna, bernd):
        assert (entry(client, nummer).zustand, entry(client, nummer).dates["unterschrieben"]) == (
            "versandt",
            "2026-12-01",
        )
        assert conflicts(client) == []
    anna.close()
    bernd.close()
