"""Render the main window as it fits small office screens: 1024×768 at 100 %, 1366×768 at 125 %
and 1920×1080 at 150 % scaling (each in its own process: the scale is fixed at start-up)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SCREENS = (  # physical width, height, scale, file name
    (1024, 768, "1", "12-fenster-1024x768"),
    (1366, 768, "1.25", "13-fenster-1366x768-125-prozent"),
    (1920, 1080, "1.5", "14-fenster-1920x1080-150-prozent"),
)
TASKBAR = 40  # logical pixels


def main() -> int:
    if len(sys.argv) == 5:
        return _render(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
    code = 0
    for width, height, scale, name in SCREENS:
        env = {**os.environ, "QT_SCALE_FACTOR": scale}
        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        command = [sys.executable, "-m", "scripts.screen_sizes", str(width), str(height)]
        code |= subprocess.call([*command, scale, name], env=env)  # noqa: S603 - our own script
    return code


def _render(width: int, height: int, scale: float, name: str) -> int:
    from ozg_desk.app.paths import prepare_data_dir  # noqa: PLC0415 - after QT_SCALE_FACTOR is set
    from ozg_desk.app.session import load_snapshot, open_session  # noqa: PLC0415
    from ozg_desk.ui.app import create_application  # noqa: PLC0415
    from ozg_desk.ui.main_window import MainWindow  # noqa: PLC0415
    from ozg_desk.ui.tasks import TaskManager  # noqa: PLC0415
    from scripts.screenshots import save, settle  # noqa: PLC0415

    create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        session = open_session(prepare_data_dir(Path(folder)), demo=True)
        tasks = TaskManager()
        window = MainWindow(tasks)
        window.show()
        window.show_session(session, load_snapshot(session.store))
        window.show_page(1)
        window.resize(int(width / scale), int(height / scale) - TASKBAR)
        settle(tasks)
        window.leistungen.select_ozg_id("10235")
        settle(tasks)
        save(window, name)
        window.close()
        tasks.wait()
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
