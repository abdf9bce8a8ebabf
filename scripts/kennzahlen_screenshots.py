"""Render the Kennzahlen for docs/screenshots/: the cards on the Übersicht, „Wie berechnet?“, the
Behörde's Wirtschaftlichkeit tab, the Diagramme with their tables and the Zeitwerttabelle's
estimate of minutes per case, with the demo Amt."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.session import load_snapshot, open_session
from ozg_desk.figures.defaults import shipped_defaults
from ozg_desk.ui.app import create_application
from ozg_desk.ui.editor.time_values_dialog import TimeValuesDialog
from ozg_desk.ui.main_window import MainWindow
from ozg_desk.ui.overview.figure_cards import ExplanationDialog
from ozg_desk.ui.setup.behoerde_dialog import BehoerdeDialog
from ozg_desk.ui.tasks import TaskManager
from scripts.screenshots import save, settle, wait


def main() -> int:
    create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        session = open_session(prepare_data_dir(Path(folder)), demo=True)
        tasks = TaskManager()
        window = MainWindow(tasks)
        window.resize(1360, 860)
        window.show()
        window.show_session(session, load_snapshot(session.store))
        settle(tasks)
        cards = window.overview.cards
        wait(lambda: bool(cards.cards))
        settle(tasks)
        window.overview._scroll.ensureWidgetVisible(cards.cards[-1])
        settle(tasks)
        save(window, "15-kennzahlen")
        charts = window.overview.charts
        wait(lambda: bool(charts.panels))
        settle(tasks)
        bar = window.overview._scroll.verticalScrollBar()
        bar.setValue(window.overview.charts_heading.y())
        settle(tasks)
        save(window, "18-kennzahlen-diagramme")
        rendite = next(c for c in cards.cards if c.figure.id == "digitalisierungsrendite")
        explanation = ExplanationDialog(rendite.figure, window)
        explanation.show()
        settle(tasks)
        save(explanation, "16-kennzahlen-wie-berechnet")
        explanation.close()
        assert window.desk is not None
        dialog = BehoerdeDialog(window.desk, window)
        dialog.show()
        wait(dialog.save_button.isEnabled)
        dialog.tabs.setCurrentWidget(dialog.economics)
        dialog.resize(dialog.width(), 820)  # the whole tab: rates, channels, scenarios
        settle(tasks)
        save(dialog, "17-behoerde-wirtschaftlichkeit")
        dialog.close()
        estimate = TimeValuesDialog(shipped_defaults().time_values, window)
        estimate.show()
        estimate.choices[2].setCurrentIndex(2)  # formelle Prüfung, mittel
        estimate.choices[4].setCurrentIndex(1)  # inhaltliche Prüfung, einfach
        settle(tasks)
        save(estimate, "19-zeitwerttabelle")
        estimate.close()
        window.close()
        tasks.wait()
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
