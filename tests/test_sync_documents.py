"""Register entries travel with sync; the PDF stays on the PC that made it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ozg_desk.documents import service
from ozg_desk.store.changes import Changes
from ozg_desk.store.register import RegisterEntry, advance_document, find_entry
from ozg_desk.store.resolution import resolve_conflict
from ozg_desk.sync.transport import Reply
from ozg_server.services.accounts import issue_token
from tests.helpers import seed_catalogue
from tests.helpers.documents import NOW
from tests.helpers.sync import AMT_A, Client, LiveServer, make_client, tenant_with_token
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


@dataclass
class SentPaper:
    """Anna recorded the signed return and synced; Bernd then recorded „versandt“ and synced.
    Anna has not pulled Bernd's step yet; `signed` is her step, for undo."""

    anna: Client
    bernd: Client
    nummer: str
    signed: Changes


def sent_paper(live_server: LiveServer, tmp_path: Path) -> SentPaper:
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
    day, later = dt.date(2026, 12, 1), dt.date(2026, 12, 2)
    signed = advance_document(anna.repository, made.nummer, "unterschrieben", day, today=day)
    anna.sync()
    bernd.sync()
    advance_document(bernd.repository, made.nummer, "versandt", later, today=later)
    bernd.sync()
    return SentPaper(anna, bernd, made.nummer, signed)


def racing_undo(live_server: LiveServer, tmp_path: Path) -> tuple[Client, Client, str]:
    """Anna takes back „unterschrieben“ after Bernd already recorded „versandt“ and synced.
    Returns both PCs (Anna after her sync) and the paper's number."""
    paper = sent_paper(live_server, tmp_path)
    paper.anna.repository.undo(paper.signed)
    assert paper.anna.sync().conflicts == 2  # the state, and the date that belongs to it
    return paper.anna, paper.bernd, paper.nummer


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
    resolve_conflict(anna.repository, state_conflict(anna), "theirs")
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


def state_conflict(client: Client) -> str:
    with client.session.store.read() as connection:
        found = connection.execute(
            "SELECT id FROM conflict WHERE state = 'open' AND field = 'zustand'"
        ).fetchone()
    assert found is not None
    return str(found[0])


def test_keeping_the_undo_takes_the_paper_back_with_every_later_date(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """Anna insists on her undo: the paper goes back to „erzeugt“ on both PCs, and the
    „versandt“ date Bernd recorded goes with it (a date for a step not reached is no fact)."""
    anna, bernd, nummer = racing_undo(live_server, tmp_path)
    resolve_conflict(anna.repository, state_conflict(anna), "mine")
    assert conflicts(anna) == []
    assert not anna.sync().rejected
    bernd.sync()
    for client in (anna, bernd):
        paper = entry(client, nummer)
        assert paper.zustand == "erzeugt" and not any(paper.dates.values())
        assert conflicts(client) == []
    anna.close()
    bernd.close()


def test_the_other_pc_sees_the_conflict_its_own_way_round_and_can_decide_it(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd, nummer = racing_undo(live_server, tmp_path)
    bernd.sync()
    assert sorted(conflicts(bernd)) == [  # stored as Anna's PC met it
        ("unterschrieben_am", None, "2026-12-01"),
        ("zustand", "erzeugt", "versandt"),
    ]
    resolve_conflict(bernd.repository, state_conflict(bernd), "mine")  # Bernd's own step
    assert not bernd.sync().rejected
    anna.sync()
    for client in (anna, bernd):
        paper = entry(client, nummer)
        assert (paper.zustand, paper.dates["unterschrieben"], paper.dates["versandt"]) == (
            "versandt",
            "2026-12-01",
            "2026-12-02",
        )
        assert conflicts(client) == []
    anna.close()
    bernd.close()


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("mine", ("erzeugt", None, None)),
        ("theirs", ("versandt", "2026-12-01", "2026-12-02")),
    ],
)
def test_an_undo_between_push_and_pull_is_decided_whole(
    live_server: LiveServer,
    tmp_path: Path,
    decision: str,
    expected: tuple[str, str | None, str | None],
) -> None:
    """Anna's copy did not learn Bernd's step before her undo met it: either decision still
    leaves the paper whole on both PCs."""
    paper = sent_paper(live_server, tmp_path)
    anna, bernd, signed = paper.anna, paper.bernd, paper.signed

    request = anna.transport.request

    def undo_before_the_pull(method: str, path: str, **kwargs: Any) -> Reply:
        if path == "/api/v1/changes" and not undone:
            undone.append(anna.repository.undo(signed))
        return request(method, path, **kwargs)

    undone: list[object] = []
    anna.transport.request = undo_before_the_pull  # type: ignore[method-assign]
    anna.sync()
    assert undone
    assert anna.sync().conflicts == 2
    resolve_conflict(anna.repository, state_conflict(anna), decision)
    assert not anna.sync().rejected
    bernd.sync()
    for client in (anna, bernd):
        found = entry(client, paper.nummer)
        dates = found.dates
        assert (found.zustand, dates["unterschrieben"], dates["versandt"]) == expected
        assert conflicts(client) == []
    anna.close()
    bernd.close()
