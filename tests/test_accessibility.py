"""Accessibility audit over all windows and dialogs (a legal duty: BITV 2.0 / EN 301 549)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ozg_desk.app.paths import DataDir
from ozg_desk.domain.lifecycle import Status
from ozg_desk.ui.crash import CrashDialog
from ozg_desk.ui.editor.transition_dialog import TransitionDialog
from ozg_desk.ui.leistungen.bulk_dialog import BulkEditDialog
from tests.helpers.a11y_audit import audit, focus_chain
from tests.helpers.gui import Running, open_window

UI = Path(__file__).resolve().parent.parent / "ozg_desk" / "ui"


@pytest.fixture
def running(qtbot: QtBot, data_dir: DataDir) -> Running:
    running = open_window(qtbot, data_dir, demo=True)
    yield running
    running.close(qtbot)


def test_main_window_pages_and_editor(qtbot: QtBot, running: Running) -> None:
    window = running.window
    problems = []
    for page in range(4):
        window.show_page(page)
        problems += audit(window)
    window.show_page(1)
    for ozg_id in ("10235", "10227", "10029"):  # tracked, untracked … after creation
        assert window.leistungen.select_ozg_id(ozg_id) or ozg_id == "10227"
        running.settle(qtbot)
        problems += audit(window)
    assert problems == []


def test_the_search_clear_button_and_the_editors_tab_bar_are_named(
    qtbot: QtBot, running: Running
) -> None:
    window = running.window
    window.show_page(1)
    page = window.leistungen
    qtbot.keyClicks(page.filter_bar.search, "Hund")  # the clear button shows with text
    assert window.leistungen.select_ozg_id("10160")  # the Hundehaltung, in the editor
    running.settle(qtbot)
    assert audit(window) == []
    clear = [
        button
        for button in page.filter_bar.search.findChildren(QToolButton)
        if button.isVisibleTo(window)
    ]
    assert [button.accessibleName() for button in clear] == ["Suche leeren"]
    bars = [bar.accessibleName() for bar in window.findChildren(QTabBar) if bar.isVisibleTo(window)]
    assert "Reiter: Bereiche der Anbindung" in bars


def test_arrow_down_goes_from_the_search_into_the_list(qtbot: QtBot, running: Running) -> None:
    window = running.window
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.leistungen
    assert page.filter_bar.search.hasFocus()
    qtbot.keyClicks(page.filter_bar.search, "Sterbe")
    qtbot.keyClick(page.filter_bar.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0
    assert "sterbe" in str(page.proxy.index(0, 1).data()).casefold()


def test_every_navigation_entry_is_readable_in_full(qtbot: QtBot, running: Running) -> None:
    navigation = running.window.navigation
    room = navigation.viewport().width()
    for row in range(navigation.count()):
        item = navigation.item(row)
        text_width = navigation.fontMetrics().horizontalAdvance(item.text())
        assert navigation.visualItemRect(item).left() + text_width <= room, item.text()
    assert not navigation.horizontalScrollBar().isVisible()


def test_tab_order_follows_the_layout(qtbot: QtBot, running: Running) -> None:
    window = running.window
    window.show_page(1)
    page = window.leistungen
    page.select_ozg_id("10235")
    running.settle(qtbot)
    chain = focus_chain(window)
    order = [
        chain.index(widget)
        for widget in (
            window.navigation,
            page.filter_bar.search,
            page.filter_bar.relevance,
            page.filter_bar.views,
            page.table,
            page.editor.tabs,
        )
    ]
    assert order == sorted(order)


def test_dialogs(qtbot: QtBot, running: Running, tmp_path: Path) -> None:
    page = running.window.leistungen
    assert running.window.desk is not None
    dialogs = [
        TransitionDialog(Status.ONLINE, ("golive_datum", "empfangskanal"), {}, page),
        BulkEditDialog(running.window.desk, page.model.rows()[:3], page.workflow, [], page),
        CrashDialog("Traceback …", tmp_path / "ozg-desk.log"),
    ]
    problems = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"{dialog.windowTitle()}: {p}" for p in audit(dialog)]
        dialog.close()
    assert problems == []


def test_documents_page_and_dialogs(qtbot: QtBot, running: Running) -> None:
    """The Dokumente page with a document selected, and every dialog it opens."""
    from shiboken6 import isValid

    from ozg_desk.documents import service
    from ozg_desk.ui.documents.batch import progress_dialog
    from ozg_desk.ui.documents.dialogs import StateDialog
    from ozg_desk.ui.documents.new import NewDocumentDialog
    from ozg_desk.ui.documents.preview import PreviewDialog
    from ozg_desk.ui.documents.returns import ReturnDialog

    window, desk = running.window, running.window.desk
    assert desk is not None
    tracked = [row.ozg_id for row in window.leistungen.model.rows() if row.anbindung_id][:2]
    made = service.generate(running.session, "antrag_anbindung", tracked)
    window.show_page(2)
    page = window.documents
    page.refresh()
    running.settle(qtbot)
    entry = next(e for e in page.model.entries() if e.nummer == made.nummer)
    assert page.select_entry(entry.id)
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=10_000)
    problems = [f"Seite Dokumente: {p}" for p in audit(window)]
    new = NewDocumentDialog(desk, tracked, page)
    qtbot.waitUntil(lambda: new.types.count() > 0, timeout=10_000)
    new.select_type("golive_bestaetigung")  # one per Leistung: the batch choice shows
    returns = ReturnDialog(desk, page)
    qtbot.waitUntil(lambda: returns.loaded, timeout=10_000)
    returns.field.setText(made.nummer)
    preview = PreviewDialog(desk, entry, page)
    qtbot.waitUntil(lambda: preview.preview.page_count() > 0, timeout=10_000)
    state = StateDialog(entry, "versandt", page)
    dialogs = [new, returns, state, preview, progress_dialog(page, 3)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"{dialog.windowTitle()}: {p}" for p in audit(dialog)]
    assert new.batch.isVisible() and returns.found.text()
    running.settle(qtbot)
    for dialog in dialogs:
        if isValid(dialog):
            dialog.close()
    assert problems == []


def test_the_ui_uses_no_hard_coded_colours() -> None:
    pattern = re.compile(
        r"QColor\(|#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|Qt\.GlobalColor|"
        r"setStyleSheet\(.*(color|background)",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_audit_finds_problems(qtbot: QtBot) -> None:
    """The audit itself must be able to fail: a nameless field and a stray label are found."""
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.setLabelText("Name:")
    dialog.show()
    edit = dialog.findChild(QLineEdit)
    assert edit is not None
    edit.setAccessibleName("")
    problems = audit(dialog)
    assert any("keinen zugänglichen Namen" in p or "englisch" in p for p in problems)


def test_sync_page_with_a_conflict_selected(
    qtbot: QtBot, live_server: object, tmp_path: Path
) -> None:
    from tests.test_sync_page import conflict_page

    opened = conflict_page(qtbot, live_server, tmp_path)
    opened.page.conflicts.list.setCurrentRow(0)
    assert opened.page.conflicts.detail.isVisible()
    problems = audit(opened.page)
    opened.close(qtbot)
    assert problems == []


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys of the visible menu titles, buttons, boxes, labels and tabs."""
    found: dict[str, list[str]] = {}
    texts = []
    if isinstance(window, QMainWindow):
        texts += [action.text() for action in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton | QLabel) and (
            not isinstance(widget, QLabel) or widget.buddy() is not None
        ):
            texts.append(widget.text())
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
    for text in texts:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.setdefault(match.group(1).casefold(), []).append(text)
    return found


def test_alt_shortcuts_are_unique_on_every_page(qtbot: QtBot, running: Running) -> None:
    window = running.window
    clashes = []
    for page, ozg_id in ((0, None), (1, "10235"), (1, "10227"), (2, None), (3, None)):
        window.show_page(page)
        if ozg_id:
            window.leistungen.select_ozg_id(ozg_id)
        running.settle(qtbot)
        clashes += [
            f"Seite {page}: Alt+{key}: {texts}"
            for key, texts in mnemonics(window).items()
            if len(texts) > 1
        ]
    assert clashes == []
