"""Every user edit is saved with its history and its outbox operation; bad input changes nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.errors import DomainError, TransitionError, ValidationError
from ozg_desk.store import queries
from ozg_desk.store.changes import CREATED, Edit
from ozg_desk.store.database import Store
from ozg_desk.store.repository import Repository
from tests.conftest import content_dump
from tests.helpers import seed_catalogue


def count(store: Store, table: str) -> int:
    with store.read() as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def outbox_ops(store: Store, entity_id: str) -> list[dict[str, object]]:
    with store.read() as connection:
        rows = connection.execute(
            "SELECT * FROM outbox WHERE entity_id = ? ORDER BY seq", (entity_id,)
        ).fetchall()
    return [{**dict(row), "fields": json.loads(row["fields"])} for row in rows]


def test_creating_an_anbindung_records_history_outbox_and_checklist(repository: Repository) -> None:
    changes = repository.create_anbindung("10235", {"verantwortlich": "Standesamt"})
    record_id = changes.created[0].entity_id
    with repository.store.read() as connection:
        record = queries.anbindung(connection, record_id)
        history = queries.history(connection, record_id)
    assert record is not None
    assert record["status"] == "offen"
    assert record["verantwortlich"] == "Standesamt"
    assert [item.zustand for item in record.checklist] == ["fehlt"] * 8
    created = [entry for entry in history if entry.entity == "anbindung"]
    assert [entry.field for entry in created] == [CREATED]
    assert created[0].new["verantwortlich"] == "Standesamt"
    assert created[0].new["status"] == "offen"
    ops = outbox_ops(repository.store, record_id)
    assert [op["kind"] for op in ops] == ["create"]
    assert ops[0]["fields"]["ozg_id"] == "10235"  # type: ignore[index]
    assert ops[0]["base_version"] is None


def test_an_edit_writes_one_history_entry_per_field_and_one_outbox_op(
    repository: Repository,
) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    changes = repository.apply(
        [
            Edit(
                "anbindung",
                record_id,
                {"status": "geplant", "zieltermin": "30.06.2026", "prioritaet": "hoch"},
            )
        ]
    )
    assert {(c.field, c.old, c.new) for c in changes.fields} == {
        ("status", "offen", "geplant"),
        ("zieltermin", None, "2026-06-30"),
        ("prioritaet", None, "hoch"),
    }
    op = outbox_ops(repository.store, record_id)[-1]
    assert op["kind"] == "update"
    assert op["fields"] == {"status": "geplant", "zieltermin": "2026-06-30", "prioritaet": "hoch"}
    with repository.store.read() as connection:
        history = queries.history(connection, record_id)
    latest = next(entry for entry in history if entry.field == "status")
    assert (latest.old, latest.new, latest.author) == ("offen", "geplant", "Test Koordinatorin")


def test_an_edit_that_changes_nothing_writes_nothing(repository: Repository) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    before = count(repository.store, "outbox"), count(repository.store, "history")
    changes = repository.apply([Edit("anbindung", record_id, {"status": "offen"})])
    assert not changes
    assert (count(repository.store, "outbox"), count(repository.store, "history")) == before


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"notizen": "x" * 20_001}, ValidationError),
        ({"fallzahl": "viele"}, ValidationError),
        ({"status": "online"}, TransitionError),
        ({"nachweis_link": "javascript:alert(1)"}, ValidationError),
        ({"status": "fertig"}, ValidationError),
        ({"unbekannt": 1}, DomainError),
    ],
)
def test_bad_input_changes_nothing(
    repository: Repository, fields: dict[str, object], error: type[Exception]
) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    before = content_dump(repository.store.path)
    good = {"verantwortlich": "Kämmerei"}
    with pytest.raises(error):
        repository.apply([Edit("anbindung", record_id, good), Edit("anbindung", record_id, fields)])
    assert content_dump(repository.store.path) == before


def test_a_required_field_cannot_be_cleared_while_its_status_needs_it(
    repository: Repository,
) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    planned = {"status": "geplant", "zieltermin": "2026-06-30"}
    repository.apply([Edit("anbindung", record_id, planned)])
    with pytest.raises(TransitionError, match="Zieltermin"):
        repository.apply([Edit("anbindung", record_id, {"zieltermin": None})])


def test_undo_restores_every_field_and_is_itself_recorded(repository: Repository) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    with repository.store.read() as connection:
        before = queries.anbindung(connection, record_id)
    changes = repository.apply(
        [
            Edit(
                "anbindung",
                record_id,
                {
                    "status": "online",
                    "golive_datum": "2026-02-01",
                    "empfangskanal": "fit_connect",
                    "kanal_details": {"destination_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
                },
            )
        ]
    )
    undo = repository.undo(changes)
    with repository.store.read() as connection:
        after = queries.anbindung(connection, record_id)
    assert before is not None and after is not None
    assert after.values == before.values
    assert {c.field for c in undo.fields} == {c.field for c in changes.fields}
    assert [op["kind"] for op in outbox_ops(repository.store, record_id)] == [
        "create",
        "update",
        "update",
    ]
    redo = repository.undo(undo)
    with repository.store.read() as connection:
        again = queries.anbindung(connection, record_id)
    assert again is not None and again["status"] == "online" and redo


def test_delete_is_a_tombstone_and_undo_restores_it(repository: Repository) -> None:
    record_id = repository.create_anbindung("10160").created[0].entity_id
    deleted = repository.delete("anbindung", record_id)
    with repository.store.read() as connection:
        assert queries.anbindung(connection, record_id) is None
        row = connection.execute("SELECT deleted FROM anbindung WHERE id = ?", (record_id,))
        assert row.fetchone()["deleted"] == 1
    repository.undo(deleted)
    with repository.store.read() as connection:
        assert queries.anbindung(connection, record_id) is not None
    kinds = [op["kind"] for op in outbox_ops(repository.store, record_id)]
    assert kinds == ["create", "delete", "restore"]


def test_recreating_a_deleted_anbindung_revives_the_same_record(repository: Repository) -> None:
    first = repository.create_anbindung("10160").created[0].entity_id
    repository.delete("anbindung", first)
    again = repository.create_anbindung("10160", {"prioritaet": "hoch"})
    assert again.restored[0].entity_id == first


def test_anbindung_for_the_same_service_has_the_same_id_on_every_device() -> None:
    assert anbindung_id("130765668000", "10160") == anbindung_id("130765668000", "10160")
    assert anbindung_id("130765668000", "10160") != anbindung_id("130765668000", "10235")


def test_the_history_cannot_be_changed_or_deleted(repository: Repository) -> None:
    repository.create_anbindung("10160")
    connection = sqlite3.connect(repository.store.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE history SET author = 'jemand anderes'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM history")
    finally:
        connection.close()


def test_gemeinden_follow_the_list_and_removed_ones_become_tombstones(
    repository: Repository,
) -> None:
    changes = repository.set_gemeinden([{"ars": "130765668005", "name": "Banzkow"}])
    assert len(changes.deleted) == 1
    with repository.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
    assert behoerde is not None
    assert [g.name for g in behoerde.gemeinden] == ["Banzkow"]


def test_the_ars_of_a_behoerde_cannot_be_changed(repository: Repository) -> None:
    with pytest.raises(DomainError, match="kann nicht geändert werden"):
        repository.save_behoerde({"ars": "130765668999"})


def test_an_invalid_behoerde_is_not_created(store: Store) -> None:
    repository = Repository(store, "Test")
    with pytest.raises(DomainError, match="Mecklenburg-Vorpommern"):
        repository.save_behoerde({"ars": "010010000000", "typ": "amt", "name": "Kiel"})
    with store.read() as connection:
        assert queries.local_behoerde(connection) is None


def test_profile_set_up_is_one_transaction_and_can_be_undone_and_redone(store: Store) -> None:
    seed_catalogue(store)
    repository = Repository(store, "unbekannt")
    fields = {"ars": "130765668000", "typ": "amt", "name": "Amt Crivitz"}
    with pytest.raises(DomainError):
        repository.save_profile(fields, [{"ars": "kein ARS", "name": "x"}], author="K. Brandt")
    with store.read() as connection:
        assert queries.local_behoerde(connection) is None
        assert queries.meta_value(connection, "author") is None
    assert repository.author == "unbekannt"
    changes = repository.save_profile(
        fields, [{"ars": "130765668005", "name": "Banzkow"}], author="K. Brandt"
    )
    with store.read() as connection:
        assert queries.meta_value(connection, "author") == "K. Brandt"
        entries = connection.execute("SELECT DISTINCT author FROM history").fetchall()
    assert [row[0] for row in entries] == ["K. Brandt"]
    undone = repository.undo(changes)
    with store.read() as connection:
        assert queries.local_behoerde(connection) is None
    with pytest.raises(DomainError, match="Behörde einrichten"):
        repository.create_anbindung("10160")
    repository.undo(undone)
    with store.read() as connection:
        behoerde = queries.local_behoerde(connection)
    assert behoerde is not None and [g.name for g in behoerde.gemeinden] == ["Banzkow"]
