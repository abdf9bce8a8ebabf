"""Search and filters in the real list widgets equal a plain computation over the same data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.reference_data import OZG_FILES
from ozg_desk.app.session import load_snapshot, open_session
from ozg_desk.domain.catalogue import LeistungRow
from ozg_desk.domain.lifecycle import STATUS_LABELS
from ozg_desk.importers.catalogue import import_catalogue
from ozg_desk.store.changes import Edit
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.leistungen.page import LeistungenPage
from ozg_desk.ui.tasks import TaskManager

KOMMUNAL = {"2/3", "3", "4", "5"}
OWNERS = ("Standesamt", "Ordnungsamt")
WORDS = (
    "hund",
    "Hundesteuer",
    "melde",
    "10235",
    "99102013000000",
    "sterbe urkunde",
    "STRASSE",
    "Gebühr",
    "zzzz",
    "",
    "bescheinigung",
    "ausweis",
)


@pytest.fixture(scope="module")
def page(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory, reference: Path
) -> Iterator[LeistungenPage]:
    """The real page over the real catalogue with Anbindungen in many states."""
    data_dir = prepare_data_dir(tmp_path_factory.mktemp("filter"))
    session = open_session(data_dir)
    import_catalogue(session.store, [reference / name for name in OZG_FILES])
    repository = session.repository
    repository.save_behoerde({"ars": "130765668000", "typ": "amt", "name": "Amt Crivitz"})
    plan = [
        ("10235", "test", "Standesamt", "2026-01-31"),
        ("10237", "online", "Standesamt", None),
        ("10160", "geplant", "Ordnungsamt", "2099-01-01"),
        ("10124", "nicht_relevant", None, None),
        ("10119", "zurueckgestellt", "Ordnungsamt", "2025-02-01"),
        ("10002", "offen", None, None),
    ]
    for ozg_id, status, owner, target in plan:
        record = repository.create_anbindung(ozg_id).created[0].entity_id
        fields: dict[str, object] = {
            "status": status,
            "verantwortlich": owner,
            "zieltermin": target or "2026-06-30",
            "status_begruendung": "Test",
            "golive_datum": "2026-01-01",
            "empfangskanal": "bebpo",
        }
        repository.apply([Edit("anbindung", record, fields)])
    tasks = TaskManager()
    widget = LeistungenPage(Desk(session, tasks), repository.workflow)
    widget.model.today = dt.date(2026, 11, 23)
    snapshot = load_snapshot(session.store)
    widget.show_rows(snapshot.behoerde, snapshot.leistungen)
    tasks.wait()
    QApplication.processEvents()
    yield widget
    tasks.wait()
    session.close()


def visible(page: LeistungenPage) -> list[str]:
    proxy = page.proxy
    return sorted(proxy.index(row, 0).data() for row in range(proxy.rowCount()))


def reference_result(rows: list[LeistungRow], choice: dict[str, object]) -> list[str]:
    """Written independently of ozg_desk.domain.listing, from the requirements."""
    today = dt.date(2026, 11, 23)
    result = []
    for row in rows:
        tracked = row.anbindung_id is not None
        status = row.values.get("status") if tracked else "nicht_erfasst"
        kommunal = any(
            code.rstrip("ab") in KOMMUNAL or code in KOMMUNAL for code in row.typisierung
        )
        relevance = choice["relevance"]
        if relevance == "relevant" and (status == "nicht_relevant" or not (kommunal or tracked)):
            continue
        if relevance == "kommunal" and not kommunal:
            continue
        if relevance == "nicht_relevant" and status != "nicht_relevant":
            continue
        text = " ".join([row.ozg_id, row.name, *row.leika_keys, *row.leika_names]).casefold()
        if not all(word in text for word in str(choice["text"]).casefold().split()):
            continue
        if choice["themenfeld"] and row.themenfeld != choice["themenfeld"]:
            continue
        if choice["status"] and status != choice["status"]:
            continue
        if choice["typ"] and choice["typ"] not in row.typisierung:
            continue
        if choice["owner"] and row.values.get("verantwortlich") != choice["owner"]:
            continue
        target = row.values.get("zieltermin")
        late = (
            tracked
            and target
            and status not in ("online", "nicht_relevant", "offline")
            and dt.date.fromisoformat(str(target)) < today
        )
        if choice["overdue"] and not late:
            continue
        if choice["open_only"] and (
            not tracked or status in ("online", "nicht_relevant", "offline")
        ):
            continue
        result.append(row.ozg_id)
    return sorted(result)


def choose(combo_data: object, combo: object) -> None:
    index = combo.findData(combo_data)  # type: ignore[attr-defined]
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


choices = st.fixed_dictionaries(
    {
        "text": st.sampled_from(WORDS),
        "relevance": st.sampled_from(["relevant", "kommunal", "alle", "nicht_relevant"]),
        "themenfeld": st.sampled_from([None, "Gesundheit", "Querschnitt", "Bauen & Wohnen"]),
        "status": st.sampled_from([None, "nicht_erfasst", *(s.value for s in STATUS_LABELS)]),
        "typ": st.sampled_from([None, "2/3", "1", "4", "6"]),
        "owner": st.sampled_from([None, *OWNERS]),
        "overdue": st.booleans(),
        "open_only": st.booleans(),
    }
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choice=choices)
def test_filters_match_the_reference(page: LeistungenPage, choice: dict[str, object]) -> None:
    bar = page.filter_bar
    bar.search.setText(str(choice["text"]))
    for name in ("relevance", "themenfeld", "status", "typ", "owner"):
        choose(choice[name], getattr(bar, name))
    bar.overdue.setChecked(bool(choice["overdue"]))
    bar.open_only.setChecked(bool(choice["open_only"]))
    assert visible(page) == reference_result(page.model.rows(), choice)


def test_typing_a_leika_name_finds_the_bundle(page: LeistungenPage) -> None:
    page.filter_bar.apply(page.filter_bar.current().__class__(relevance="alle"))
    page.filter_bar.search.clear()
    for character in "Hundest":
        page.filter_bar.search.insert(character)
    assert visible(page) == ["10160"]
    page.filter_bar.search.setText("Meldebescheinigung")
    assert "10559" in visible(page)


def test_reset_shows_the_default_view_again(page: LeistungenPage) -> None:
    page.filter_bar.search.setText("zzzz")
    assert visible(page) == []
    page.reset_filter()
    assert page.filter_bar.search.text() == ""
    default = {
        "text": "",
        "relevance": "relevant",
        "themenfeld": None,
        "status": None,
        "typ": None,
        "owner": None,
        "overdue": False,
        "open_only": False,
    }
    assert visible(page) == reference_result(page.model.rows(), default)


def test_sorting_by_status_follows_the_lifecycle_and_keeps_the_selection(
    page: LeistungenPage,
) -> None:
    page.filter_bar.apply(page.filter_bar.current().__class__(relevance="alle"))
    assert page.select_ozg_id("10160")
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    statuses = [page.proxy.index(row, 3).data() for row in range(page.proxy.rowCount())]
    tracked = [status for status in statuses if status != "nicht erfasst"]
    assert tracked == ["offen", "geplant", "Test", "online", "zurückgestellt", "nicht relevant"]
    assert statuses[len(tracked) :] == ["nicht erfasst"] * (len(statuses) - len(tracked))
    assert [row.ozg_id for row in page.selected_rows()] == ["10160"]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert page.proxy.index(0, 0).data() == "10601"
    assert [row.ozg_id for row in page.selected_rows()] == ["10160"]
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
