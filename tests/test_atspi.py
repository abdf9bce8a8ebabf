"""OZG-Desk as Orca reads it: the real program on a virtual X display, its accessibility tree
read over AT-SPI (tests/helpers/atspi_desktop.py). Every interactive element has a role and a name,
tables have their headers, and Tab goes through the window in the order it is laid out."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.helpers.atspi_desktop import Desktop, Node, Ref, available

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="AT-SPI is Linux's interface")

INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "text",
    "password text",
    "combo box",
    "spin button",
    "slider",
    "table",
    "list",
    "tree",
    "page tab",
    "page tab list",
    "menu item",
}


@pytest.fixture(scope="module")
def desktop() -> Iterator[Desktop]:
    reason = available()
    if reason is not None:
        skip_or_fail(f"AT-SPI-Prüfung nicht möglich, {reason}")
    with Desktop() as opened:
        yield opened


def program(data_dir: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "ozg_desk", "--data-dir", str(data_dir), *options]


def unnamed(nodes: list[Node]) -> list[str]:
    """Interactive elements on screen that a screen reader could only call by their role."""
    return [
        f"{node.role} at {node.extents}"
        for node in nodes
        if node.role in INTERACTIVE and node.showing and not node.heard.strip()
    ]


def tab_round(desktop: Desktop, root: Ref, limit: int = 40) -> list[Node]:
    """Press Tab until the focus is back where it started: the stops, in order."""
    start = desktop.focused(root)
    stops: list[Node] = [start] if start is not None else []
    for _ in range(limit):
        node = desktop.focus_moves(root, "Tab")
        if start is not None and node.ref == start.ref:
            return stops
        stops.append(node)
    raise AssertionError(f"Tab kommt nach {limit} Schritten nicht zurück: {stops}")


def showing_with(desktop: Desktop, root: Ref, name: str) -> list[Node] | None:
    """The window's nodes once one named `name` shows, else None (for `wait`)."""
    nodes = list(desktop.walk(root))
    return nodes if any(node.name == name and node.showing for node in nodes) else None


def next_enabled(desktop: Desktop, root: Ref) -> bool:
    return any(
        node.role == "push button" and node.name == "Weiter >" and "enabled" in node.states
        for node in desktop.walk(root)
    )


def test_the_setup_wizard_names_everything(desktop: Desktop, tmp_path: Path) -> None:
    root = desktop.launch(program(tmp_path / "neu"))
    nodes = desktop.wait(
        lambda: showing_with(desktop, root, "OZG-Desk einrichten"), "der Einrichtungsassistent"
    )
    assert unnamed(nodes) == []
    names = {node.name for node in nodes if node.showing}
    assert "Suchen (Name oder ARS)" in names and "Treffer" in names
    assert any(node.role == "push button" and node.name == "Weiter >" for node in nodes)

    desktop.activate()
    desktop.wait(lambda: desktop.focused(root), "der Fokus")
    heard = [node.heard for node in tab_round(desktop, root)]
    assert "" not in heard
    in_order = ["Suchen (Name oder ARS):", "Treffer:", "Weiter >", "Abbrechen"]
    assert [name for name in heard if name in in_order] == in_order, heard
    desktop.quit_program()


def test_the_wizard_by_keyboard_alone_from_the_name_to_the_main_window(
    desktop: Desktop, tmp_path: Path
) -> None:
    """Real key presses on a real X server, no file chosen: the focus starts in the search, the
    name finds the Amt, Down selects it, Alt+W goes on, Alt+A ticks every Gemeinde again after
    Space unticked one while the list has the focus, and Alt+F ends in the main window with
    the shipped catalogue."""
    root = desktop.launch(program(tmp_path / "neu"))
    desktop.wait(
        lambda: any(
            node.name == "Suchen (Name oder ARS)" and "enabled" in node.states
            for node in desktop.walk(root)
        ),
        "die Suche, sobald die mitgelieferten Gebiete eingerichtet sind",
    )
    desktop.activate()
    start = desktop.wait(lambda: desktop.focused(root), "der Fokus")
    assert start.name == "Suchen (Name oder ARS)", start  # not the radio button above it
    desktop.key("C", "Shift_L")
    for letter in "rivitz":
        desktop.key(letter)
    desktop.wait(lambda: showing_with(desktop, root, "1 Treffer"), "der Treffer")
    assert desktop.focus_moves(root, "Down").name == "Treffer"
    for title in ("Angaben zur Behörde", "Unterzeichnende", "Gemeinden"):
        desktop.wait(lambda: next_enabled(desktop, root), "„Weiter >“ bereit")
        desktop.key("w", "Alt_L")  # &Weiter >
        desktop.wait(lambda t=title: showing_with(desktop, root, t), f"die Seite {title}")

    def gemeinden() -> list[Node]:
        return [
            node
            for node in desktop.walk(root)
            if node.role == "list item" and node.showing and "(ARS 13076" in node.name
        ]

    items = desktop.wait(gemeinden, "die Gemeinden des Amtes")
    assert len(items) >= 10 and all("checked" in item.states for item in items)
    for _ in range(10):  # Tab into the list
        if desktop.focused(root).role == "list":  # type: ignore[union-attr]
            break
        desktop.focus_moves(root, "Tab")
    assert desktop.focused(root).name == "Gemeinden"  # type: ignore[union-attr]
    desktop.key("space")
    desktop.wait(lambda: any("checked" not in item.states for item in gemeinden()), "abgewählt")
    desktop.key("a", "Alt_L")  # &Alle auswählen
    desktop.wait(lambda: all("checked" in item.states for item in gemeinden()), "alle angehakt")
    assert desktop.focused(root).name == "Gemeinden"  # type: ignore[union-attr]

    # On through the shipped catalogue to „Fertigstellen“ (Alt+F): the main window, no file.
    for title in ("Leistungskatalog", "Fertigstellen"):
        desktop.wait(lambda: next_enabled(desktop, root), "„Weiter >“ bereit")
        desktop.key("w", "Alt_L")
        desktop.wait(lambda t=title: showing_with(desktop, root, t), f"die Seite {title}")
    desktop.key("f", "Alt_L")  # &Fertigstellen
    status = desktop.wait(
        lambda: next(
            (
                node
                for node in desktop.walk(root)
                if node.role == "status bar" and "Leistungen im Katalog" in node.name
            ),
            None,
        ),
        "das Hauptfenster mit dem mitgelieferten Katalog",
    )
    assert status.name.startswith("557 Leistungen im Katalog, 0 erfasst"), status.name
    desktop.quit_program()


def test_the_main_window_and_the_editor_read_well_and_tab_in_layout_order(
    desktop: Desktop, tmp_path: Path
) -> None:
    root = desktop.launch(program(tmp_path / "demo", "--demo"))
    desktop.activate()
    nodes = list(desktop.walk(root))
    assert unnamed(nodes) == []
    assert any(node.role == "list" and node.name == "Navigation" for node in nodes)

    # To the Leistungen (Strg+2), into the search field (Strg+F), down into the list: a record.
    desktop.wait(lambda: desktop.focused(root), "der Fokus")
    desktop.key("2", "Control_L")
    focused = desktop.focus_moves(root, "f", "Control_L")
    assert focused.name == "Leistungen durchsuchen", focused
    for letter in "sterbefall":  # the Sterbefallanzeige, tracked in the demo
        desktop.key(letter)
    table = desktop.focus_moves(root, "Down")
    assert table.role == "table" and table.name == "Leistungen", table
    nodes = desktop.wait(
        lambda: showing_with(desktop, root, "Dokument erzeugen"), "der Editor mit dem Datensatz"
    )
    assert unnamed(nodes) == []
    table = next(node for node in nodes if node.role == "table" and node.name == "Leistungen")
    assert table.column_headers[:6] == [
        "OZG-ID",
        "Leistung",
        "Themenfeld",
        "Status",
        "Reifegrad",
        "Zieltermin",
    ]
    assert any(node.name == "Bereiche der Anbindung" for node in nodes)  # the editor's tabs
    bar = next(node for node in nodes if node.role == "page tab list")
    assert bar.name == "1 Status"  # Qt reads a tab bar by its current tab
    tabs = [node.name for node in nodes if node.role == "page tab" and node.depth > bar.depth]
    assert tabs[:4] == ["1 Status", "2 Angaben", "3 Checkliste", "4 Historie"]

    # Tab from the search field on: the filters, the list, then the editor's column.
    desktop.key("f", "Control_L")
    desktop.wait(
        lambda: getattr(desktop.focused(root), "name", "") == "Leistungen durchsuchen",
        "die Suche",
    )
    order = tab_round(desktop, root)
    assert len(order) > 10
    assert [f"{node.role} at {node.extents}" for node in order if not node.heard.strip()] == []
    combos = [node.heard for node in order if node.role == "combo box"]
    assert combos[:3] == ["Relevanz:", "Themenfeld:", "Status:"]  # not „Alle“, „Alle“ …
    names = [node.name for node in order]
    assert names.index("Leistungen") < names.index("Dokument erzeugen")  # list before editor
    backwards = [
        (before.name, after.name)
        for before, after in itertools.pairwise(order)
        if before.extents
        and after.extents
        and after.extents[1] + 4 < before.extents[1]  # upwards on the screen
        and after.extents[0] <= before.extents[0]  # and not into the next column
        and after.name != "Navigation"  # the round ends in the left-hand column
    ]
    assert backwards == [], backwards

    # The editor's second tab (Alt+2): the fields, each heard by its label.
    desktop.key("2", "Alt_L")
    desktop.wait(
        lambda: any(
            node.role == "page tab" and node.name == "2 Angaben" and "selected" in node.states
            for node in desktop.walk(root)
        ),
        "der Reiter Angaben",
    )
    nodes = [node for node in desktop.walk(root) if node.showing]
    assert unnamed(nodes) == []
    heard = {node.heard for node in nodes if node.role in INTERACTIVE}
    # A date field is read by its text part ("Zieltermin"), a combo box by its label.
    assert {"Zieltermin", "Empfangskanal:", "Reifegrad:"} <= heard, sorted(heard)
    desktop.quit_program()


def test_the_charts_tables_are_read_by_their_titles_with_their_headers(
    desktop: Desktop, tmp_path: Path
) -> None:
    """Diagramme on the Übersicht (decision 0011): each chart's text equivalent is a table a
    screen reader finds by the chart's title, with its column headers."""
    root = desktop.launch(program(tmp_path / "demo", "--demo"))
    desktop.activate()
    expected = {
        "Fortschritt gegen die Zieltermine": ["Monat", "online", "geplant laut Zieltermin"],
        "Verfügbarkeit nach Reifegrad je Modell": [
            "Reifegradmodell",
            "Anteil ≥ 3",
            "Leistungen ≥ 3",
            "mit Reifegrad",
        ],
        "Anbindungsquote je Themenfeld": ["Themenfeld", "Anbindungsquote", "online", "relevant"],
        "Digitalisierungsrendite je Szenario": ["Szenario", "Digitalisierungsrendite"],
    }

    def tables() -> dict[str, list[str]] | None:
        found = {
            node.name: node.column_headers
            for node in desktop.walk(root)
            if node.role == "table" and node.name in expected
        }
        return found if len(found) == len(expected) else None

    assert desktop.wait(tables, "die Tabellen der Diagramme") == expected
    pictures = {node.name for node in desktop.walk(root) if node.name.startswith("Diagramm: ")}
    assert pictures == {f"Diagramm: {title}" for title in expected}
    desktop.quit_program()
