"""Two desktop stores and a real server over real HTTP: the basic guarantees of the protocol."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ozg_desk.domain.anbindung import DEFAULT_CHECKLIST, checklist_item_id
from ozg_desk.domain.errors import DomainError
from ozg_desk.store import queries
from ozg_desk.store.changes import Edit
from ozg_desk.store.resolution import resolve_conflict
from ozg_desk.sync.errors import Offline
from ozg_desk.sync.inbox import open_conflicts
from ozg_desk.sync.transport import HttpTransport
from ozg_server.services.accounts import issue_token
from tests.helpers import seed_catalogue
from tests.helpers.sync import (
    AMT_A,
    Client,
    FaultyTransport,
    LiveServer,
    make_client,
    tenant_with_token,
)


def two_clients(live_server: LiveServer, tmp_path: Path) -> tuple[Client, Client]:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    first = make_client("Anna", tmp_path, live_server.url, token)
    second = make_client("Bernd", tmp_path, live_server.url, token)
    for client in (first, second):
        seed_catalogue(client.session.store)
    first.repository.save_profile(
        {"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"},
        [{"ars": "130765668005", "name": "Banzkow"}],
    )
    return first, second


def tracked_on_both(anna: Client, bernd: Client, ozg_id: str = "10160") -> str:
    """Anna starts tracking a service and both devices sync: the common starting point."""
    record = anna.repository.create_anbindung(ozg_id).created[0].entity_id
    anna.sync()
    bernd.sync()
    return record


def owner_conflict(live_server: LiveServer, tmp_path: Path) -> tuple[Client, Client, str]:
    """Anna and Bernd changed „verantwortlich“ differently; Anna synced first, so Bernd's
    sync met the conflict. Returns both and the record's id."""
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(record, verantwortlich="Ordnungsamt")
    bernd.edit(record, verantwortlich="Kämmerei")
    anna.sync()
    assert bernd.sync().conflicts == 1
    return anna, bernd, record


def anbindung(client: Client, ozg_id: str) -> dict[str, object]:
    with client.session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        assert behoerde is not None
        rows = queries.leistungen(connection, behoerde.id, only={ozg_id})
    return dict(rows[0].values) if rows and rows[0].anbindung_id else {}


def test_round_trip_between_two_devices(live_server: LiveServer, tmp_path: Path) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.edit(record, status="geplant", zieltermin="2026-06-30")
    report = anna.sync()
    assert report.pushed >= 3 and report.rejected == []
    bernd.sync()
    assert anbindung(bernd, "10160")["status"] == "geplant"
    with bernd.session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        history = queries.history(connection, record)
    assert behoerde is not None and behoerde.name == "Amt Crivitz"
    assert [g.name for g in behoerde.gemeinden] == ["Banzkow"]
    assert {entry.author for entry in history} == {"Anna"}
    anna.close()
    bernd.close()


def test_disjoint_edits_merge(live_server: LiveServer, tmp_path: Path) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(record, verantwortlich="Ordnungsamt")
    bernd.edit(record, prioritaet="hoch", fallzahl=120)
    for client in (anna, bernd, anna):
        assert client.sync().conflicts == 0
    for client in (anna, bernd):
        values = anbindung(client, "10160")
        assert (values["verantwortlich"], values["prioritaet"], values["fallzahl"]) == (
            "Ordnungsamt",
            "hoch",
            120,
        )
        assert conflicts(client) == []


def conflicts(client: Client) -> list[tuple[str, object, object]]:
    with client.session.store.read() as connection:
        rows = connection.execute(
            "SELECT field, mine, theirs FROM conflict WHERE state = 'open'"
        ).fetchall()
    return [
        (row["field"], queries.json_value(row["mine"]), queries.json_value(row["theirs"]))
        for row in rows
    ]


def test_same_field_changed_on_both_sides_is_a_conflict_on_both(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(record, verantwortlich="Ordnungsamt")
    bernd.edit(record, verantwortlich="Kämmerei")
    anna.sync()
    report = bernd.sync()
    assert report.conflicts == 1
    anna.sync()
    expected = [("verantwortlich", "Kämmerei", "Ordnungsamt")]
    assert conflicts(bernd) == expected
    assert conflicts(anna) == expected  # visible on both sides
    # Both replicas show the value the server holds until a person decides; Bernd's value
    # is not lost, it waits in the conflict on both devices.
    assert anbindung(anna, "10160")["verantwortlich"] == "Ordnungsamt"
    assert anbindung(bernd, "10160")["verantwortlich"] == "Ordnungsamt"
    # Anna's history shows what happened to the record, not Bernd's unapplied wish.
    with anna.session.store.read() as connection:
        owners = connection.execute(
            "SELECT new FROM history WHERE field = 'verantwortlich' ORDER BY at"
        ).fetchall()
    assert [json.loads(row[0]) for row in owners] == ["Ordnungsamt"]


def test_edit_against_a_deletion_is_a_conflict(live_server: LiveServer, tmp_path: Path) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.repository.delete("anbindung", record)
    bernd.edit(record, notizen="Termin mit dem Landkreis am Montag")
    anna.sync()
    assert bernd.sync().conflicts == 1
    # The edit is kept in the conflict (nothing lost) until someone restores or lets go.
    assert conflicts(bernd) == [
        ("_geloescht", {"notizen": "Termin mit dem Landkreis am Montag"}, True)
    ]
    assert anbindung(bernd, "10160") == {}  # deleted, as on the server
    assert conflicts(anna) == []
    anna.sync()
    assert conflicts(anna) == conflicts(bernd)


def test_a_decided_conflict_syncs_like_any_edit(live_server: LiveServer, tmp_path: Path) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(record, verantwortlich="Ordnungsamt")
    bernd.edit(record, verantwortlich="Kämmerei")
    anna.sync()
    bernd.sync()
    with bernd.session.store.read() as connection:
        conflict_id = connection.execute("SELECT id FROM conflict").fetchone()[0]
    resolve_conflict(bernd.repository, conflict_id, "mine")
    bernd.sync()
    anna.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["verantwortlich"] == "Kämmerei"
        assert conflicts(client) == []


def test_a_deleted_record_can_be_restored_with_the_edit(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.repository.delete("anbindung", record)
    bernd.edit(record, notizen="Termin am Montag")
    anna.sync()
    bernd.sync()
    with bernd.session.store.read() as connection:
        conflict_id = connection.execute("SELECT id FROM conflict").fetchone()[0]
    resolve_conflict(bernd.repository, conflict_id, "restore")
    bernd.sync()
    anna.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["notizen"] == "Termin am Montag"
        assert conflicts(client) == []


def test_each_device_sees_its_own_value_as_mine(live_server: LiveServer, tmp_path: Path) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(record, verantwortlich="Ordnungsamt")
    bernd.edit(record, verantwortlich="Kämmerei")
    anna.sync()
    bernd.sync()
    anna.sync()
    with anna.session.store.read() as connection:
        (seen_by_anna,) = open_conflicts(connection)
    with bernd.session.store.read() as connection:
        (seen_by_bernd,) = open_conflicts(connection)
    assert (seen_by_anna.mine, seen_by_anna.theirs) == ("Ordnungsamt", "Kämmerei")
    assert (seen_by_bernd.mine, seen_by_bernd.theirs) == ("Kämmerei", "Ordnungsamt")
    assert seen_by_anna.their_author == "Bernd" and seen_by_bernd.their_author == "Anna"
    resolve_conflict(anna.repository, seen_by_anna.id, "mine")  # Anna keeps hers
    anna.sync()
    bernd.sync()
    for client in (anna, bernd):
        assert anbindung(client, "10160")["verantwortlich"] == "Ordnungsamt"
        assert conflicts(client) == []


def test_an_acknowledged_push_does_not_hide_others_changes(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """Anna's push is answered with a version that already contains Bernd's change; her next
    edit of the same field must still be a conflict, not a silent overwrite."""
    anna, bernd = two_clients(live_server, tmp_path)
    token = issue_token(live_server.engine, "behoerde", "pc2", AMT_A)
    flaky = FaultyTransport(HttpTransport(live_server.url, token, attempts=1))
    anna.engine.transport = flaky
    record = tracked_on_both(anna, bernd)
    bernd.edit(record, verantwortlich="Standesamt")
    bernd.sync()
    anna.edit(record, prioritaet="hoch")  # unrelated field
    flaky.plan = ["ok", "drop_request"]  # the push arrives, the pull does not
    with pytest.raises(Offline):
        anna.sync()
    anna.edit(record, verantwortlich="Ordnungsamt")
    assert anna.sync().conflicts == 1


def test_undo_never_overwrites_a_change_from_another_device(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    mine = anna.repository.apply([Edit("anbindung", record, {"verantwortlich": "Anna"})])
    anna.sync()
    bernd.sync()
    bernd.edit(record, verantwortlich="Bernd")
    bernd.sync()
    anna.sync()
    with pytest.raises(DomainError, match="inzwischen geändert"):
        anna.repository.undo(mine)
    assert anbindung(anna, "10160")["verantwortlich"] == "Bernd"


def test_the_same_service_taken_up_on_two_devices_conflicts_only_where_both_chose(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_clients(live_server, tmp_path)
    anna.sync()
    bernd.sync()  # Bernd has the Behörde, then both work offline
    record = anna.repository.create_anbindung("10160").created[0].entity_id
    anna.edit(record, verantwortlich="Ordnungsamt", prioritaet="hoch")
    item = checklist_item_id(record, DEFAULT_CHECKLIST[0].key)
    anna.repository.apply([Edit("checklist_item", item, {"zustand": "vollstaendig"})])
    bernd.repository.create_anbindung("10160")
    bernd.edit(record, verantwortlich="Kämmerei")
    anna.sync()

    report = bernd.sync()

    # Bernd's untouched defaults (priority, checklist states) were nobody's choice.
    assert conflicts(bernd) == [("verantwortlich", "Kämmerei", "Ordnungsamt")]
    assert report.conflicts == 1
    assert anbindung(bernd, "10160")["prioritaet"] == "hoch"


def test_a_page_written_in_small_slices_arrives_whole(
    live_server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pulled page is written in slices (so an edit never waits behind the whole page, see
    docs/decisions/0006-one-writer.md); with slices of two entries everything still arrives,
    history included, and the cursor ends where the feed ends."""
    from ozg_desk.sync import engine

    monkeypatch.setattr(engine, "APPLY_ITEMS", 2)
    anna, bernd = two_clients(live_server, tmp_path)
    services = ("10160", "10124", "10235")
    for ozg_id in services:
        record = anna.repository.create_anbindung(ozg_id).created[0].entity_id
        anna.edit(record, status="geplant", zieltermin="2026-06-30", verantwortlich=ozg_id)
    anna.sync()
    report = bernd.sync()
    assert report.pulled > 2 * len(services)  # more entries than one slice holds
    for ozg_id in services:
        mine, theirs = anbindung(anna, ozg_id), anbindung(bernd, ozg_id)
        assert theirs == mine and theirs["verantwortlich"] == ozg_id
    assert bernd.sync().pulled == 0  # nothing read twice: the cursor is at the feed's end
    anna.close()
    bernd.close()


def test_the_kennzahlen_inputs_travel_like_every_field(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """Costs with cents, a mean rating and the Laufbahngruppe reach the other PC as entered."""
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(
        record,
        kosten_jaehrlich="1.234,56",
        zufriedenheit="4,3",
        zufriedenheit_n=17,
        laufbahngruppe="gehoben",
        minuten_papier=27,
    )
    assert anna.sync().rejected == []
    bernd.sync()
    theirs = anbindung(bernd, "10160")
    assert (theirs["kosten_jaehrlich"], theirs["zufriedenheit"]) == (1234.56, 4.3)
    assert (theirs["laufbahngruppe"], theirs["minuten_papier"]) == ("gehoben", 27)
    anna.close()
    bernd.close()


def test_deadlines_and_the_behoerdes_assumptions_travel_like_every_field(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """The certificate's and the AVV's dates, the channels the Behörde counts as automated and
    its scenarios reach the other PC as entered, each with its history entry."""
    anna, bernd = two_clients(live_server, tmp_path)
    record = tracked_on_both(anna, bernd)
    anna.edit(
        record,
        empfangskanal="osci_xta",
        zertifikat_gueltig_bis="31.03.2027",
        avv_verlaengerung_am="2027-06-30",
    )
    with anna.session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        assert behoerde is not None
    anna.repository.apply(
        [
            Edit(
                "behoerde",
                behoerde.id,
                {"kanaele_automatisiert": {"bebpo": "ja"}, "szenario_hoch": "75"},
            )
        ]
    )
    assert anna.sync().rejected == []
    bernd.sync()
    theirs = anbindung(bernd, "10160")
    assert (theirs["zertifikat_gueltig_bis"], theirs["avv_verlaengerung_am"]) == (
        "2027-03-31",
        "2027-06-30",
    )
    with bernd.session.store.read() as connection:
        other = queries.local_behoerde(connection)
        fields = {
            row["field"]
            for row in connection.execute(
                "SELECT field FROM history WHERE entity = 'behoerde' AND entity_id = ?",
                (behoerde.id,),
            )
        }
    assert other is not None
    assert other.values["kanaele_automatisiert"] == {"bebpo": "ja"}
    assert other.values["szenario_hoch"] == 75.0
    assert {"kanaele_automatisiert", "szenario_hoch"} <= fields
    anna.close()
    bernd.close()
