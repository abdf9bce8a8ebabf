"""Ansprechpartner: kept per role, synced between PCs, refused when made up, printed on forms."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ozg_desk.app.paths import DataDir
from ozg_desk.app.session import Session, open_session
from ozg_desk.documents import service
from ozg_desk.domain.behoerde import behoerde_id
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.kontakte import kontakt_id
from ozg_desk.store import queries
from ozg_desk.sync.inbox import record_label
from ozg_server.services.accounts import issue_token
from tests.helpers import seed_catalogue
from tests.helpers.documents import NOW, page_texts
from tests.helpers.sync import AMT_A, Client, LiveServer, make_client, tenant_with_token
from tests.test_server_push_rules import creation, push
from tests.test_sync_roundtrip import conflicts

PROFILE = {"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"}
TECHNIK = {
    "name": "Jörg Weiß",
    "funktion": "IT-Koordinator",
    "telefon": "03863 5450-40",
    "email": "j.weiss@amt-crivitz.de",
}


@pytest.fixture
def session(data_dir: DataDir) -> Iterator[Session]:
    opened = open_session(data_dir)
    yield opened
    opened.close()


def pdf_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def kontakte(session: Session) -> dict[str, dict[str, object]]:
    with session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
    assert behoerde is not None
    return {rolle: dict(values) for rolle, values in behoerde.kontakte.items()}


def two_pcs(live_server: LiveServer, tmp_path: Path) -> tuple[Client, Client]:
    """Two PCs of Amt Crivitz, each with its own key."""
    first = tenant_with_token(live_server.engine, AMT_A, "Amt")
    second = issue_token(live_server.engine, "behoerde", "pc-2", AMT_A)
    return (
        make_client("Anna", tmp_path, live_server.url, first),
        make_client("Bernd", tmp_path, live_server.url, second),
    )


def test_a_contact_entered_on_one_pc_reaches_the_other(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_pcs(live_server, tmp_path)
    anna.repository.save_profile(PROFILE, kontakte={"technisch": TECHNIK, "redaktion": {}})
    anna.sync()
    bernd.sync()
    assert kontakte(bernd.session) == {"technisch": TECHNIK}  # no record for a role left empty

    # Bernd corrects the phone number; Anna sees it after her next sync.
    bernd.repository.save_profile({}, kontakte={"technisch": {**TECHNIK, "telefon": "03863 99"}})
    bernd.sync()
    anna.sync()
    assert kontakte(anna.session)["technisch"]["telefon"] == "03863 99"
    anna.close()
    bernd.close()


def test_the_same_role_named_offline_on_two_pcs_conflicts_only_where_both_chose(
    live_server: LiveServer, tmp_path: Path
) -> None:
    anna, bernd = two_pcs(live_server, tmp_path)
    anna.repository.save_profile(PROFILE)
    anna.sync()
    bernd.sync()  # both have the Behörde, then name the technical contact offline
    anna.repository.save_profile({}, kontakte={"technisch": {"name": "Jörg Weiß", "telefon": "40"}})
    bernd.repository.save_profile(
        {}, kontakte={"technisch": {"name": "J. Weiß", "email": "j.weiss@amt-crivitz.de"}}
    )
    anna.sync()
    bernd.sync()

    assert conflicts(bernd) == [("name", "J. Weiß", "Jörg Weiß")]
    merged = kontakte(bernd.session)["technisch"]
    assert (merged["telefon"], merged["email"]) == ("40", "j.weiss@amt-crivitz.de")
    anna.close()
    bernd.close()


def test_the_server_refuses_made_up_contact_records(live_server: LiveServer) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    own = behoerde_id(AMT_A)
    unknown_role = creation(str(uuid.uuid4()), behoerde_id=own, rolle="chef", name="X")
    listed_role = creation(str(uuid.uuid4()), behoerde_id=own, rolle=["technisch"], name="X")
    wrong_id = creation(str(uuid.uuid4()), behoerde_id=own, rolle="technisch", name="X")
    right = creation(kontakt_id(AMT_A, "technisch"), behoerde_id=own, rolle="technisch", name="X")
    kontakt = [{**op, "entity": "kontakt"} for op in (unknown_role, listed_role, wrong_id, right)]
    # A role outside the list breaks the contract: the request is refused naming both.
    headers = {"Authorization": f"Bearer {token}", "OZG-Desk-Protocol": "1"}
    refused = requests.post(
        f"{live_server.url}/api/v1/push", headers=headers, json={"ops": kontakt}, timeout=10
    )
    assert refused.status_code == 422
    named = {item["op_id"]: item["reason"] for item in refused.json()["rejected"]}
    assert list(named) == [unknown_role["op_id"], listed_role["op_id"]]
    assert all("rolle" in reason for reason in named.values())
    answers = push(live_server, token, *kontakt[2:])
    assert [answer["status"] for answer in answers] == ["rejected", "applied"]
    assert "Kennung" in answers[0]["reason"]

    # The role is the record's identity: it cannot be moved to another role.
    moved = {**right, "entity": "kontakt", "op_id": str(uuid.uuid4()), "kind": "update"}
    moved["base_version"] = 1
    moved["fields"] = {"rolle": "fachlich"}
    assert "Zuordnung" in push(live_server, token, moved)[0]["reason"]


def test_a_bad_contact_changes_nothing_and_undo_takes_a_save_back(session: Session) -> None:
    repository = session.repository
    repository.save_profile(PROFILE)
    with pytest.raises(DomainError, match="keine E-Mail-Adresse"):
        repository.save_profile(
            {"name": "Amt Crivitz-Neu"}, kontakte={"technisch": {**TECHNIK, "email": "weiss@"}}
        )
    assert kontakte(session) == {}
    with session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
    assert behoerde is not None and behoerde.name == "Amt Crivitz"

    created = repository.save_profile({}, kontakte={"technisch": TECHNIK})
    assert kontakte(session) == {"technisch": TECHNIK}
    with session.store.read() as connection:  # how conflicts and refusals name the record
        label = record_label(connection, "kontakt", kontakt_id(AMT_A, "technisch"))
    assert label == "Ansprechpartner/in technisch"
    repository.undo(created)
    assert kontakte(session) == {}
    empty = {name: "" for name in TECHNIK}  # the dialog sends every role, also empty ones
    unchanged = repository.save_profile({}, kontakte={"technisch": empty, "fachlich": empty})
    assert [c for c in unchanged.fields if c.entity == "kontakt"] == []
    repository.save_profile({}, kontakte={"technisch": TECHNIK})  # the same record again
    repository.save_profile({}, kontakte={"technisch": {**TECHNIK, "name": ""}})
    assert kontakte(session)["technisch"]["name"] is None


def test_the_forms_name_the_contacts_and_leave_lines_for_the_missing(session: Session) -> None:
    seed_catalogue(session.store)
    epayment = {"name": "Thomas Brückner", "funktion": "Amtskasse", "email": "kasse@crivitz.de"}
    session.repository.save_profile(PROFILE, kontakte={"technisch": TECHNIK, "epayment": epayment})
    session.repository.create_anbindung("10160")

    meldung = pdf_text(service.generate(session, "ansprechpartner", [], now=NOW).path)
    assert "Jörg Weiß" in meldung and "j.weiss@amt-crivitz.de" in meldung
    assert "Thomas Brückner" in meldung

    test = pdf_text(
        service.generate(session, "antrag_testumgebung", ["10160"], now=NOW, anyway=True).path
    )
    assert "Jörg Weiß (IT-Koordinator)" in test
    assert "Tel. 03863 5450-40, j.weiss@amt-crivitz.de" in test

    kasse = pdf_text(
        service.generate(session, "antrag_epayment", ["10160"], now=NOW, anyway=True).path
    )
    assert "Thomas Brückner (Amtskasse)" in kasse and "kasse@crivitz.de" in kasse
