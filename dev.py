#!/usr/bin/env python3
"""Developer entry point: `python3 dev.py run|test|bench|lint` on a machine with only Python.

Written with the standard library only, because it must run before anything is installed: it
creates `.venv`, installs the project into it (again only when pyproject.toml changed) and then
runs the application, the checks and tests, or the benchmarks inside that environment.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".ozg-desk-install"
MIN_PYTHON = (3, 11)

USAGE = """\
Aufruf: python3 dev.py BEFEHL [ARGUMENTE]

  run    OZG-Desk starten (weitere Argumente gehen an ozg-desk, z. B. --demo)
  test   alles installieren, Codeprüfungen (ruff, mypy) und alle Tests ausführen
  bench  Leistungsmessungen ausführen und in benchmarks/RESULTS.md festhalten
  lint   nur ruff und mypy
  screenshots  Hauptansichten und Dokumente mit Demodaten nach docs/screenshots/ rendern
"""


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env=env)


def ensure_environment(extras: tuple[str, ...]) -> Path:
    """Create `.venv` if needed and install the project with `extras` unless already done."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"OZG-Desk braucht Python {'.'.join(map(str, MIN_PYTHON))} oder neuer.")
    python = venv_python()
    if not python.exists():
        print("Lege die Python-Umgebung .venv an …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = install_key(extras)
    installed = STAMP.read_text(encoding="utf-8").splitlines() if STAMP.exists() else []
    if not any(covers(line, wanted) for line in installed):
        spec = "." + (f"[{','.join(extras)}]" if extras else "")
        print(f"Installiere OZG-Desk ({spec}) in .venv …", flush=True)
        code = run([str(python), "-m", "pip", "install", "--quiet", "-e", spec])
        if code != 0:
            sys.exit("Die Installation ist fehlgeschlagen (siehe Ausgabe oben).")
        STAMP.write_text("\n".join([*installed, wanted]) + "\n", encoding="utf-8")
    return python


def install_key(extras: tuple[str, ...]) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    version = "{}.{}".format(*sys.version_info[:2])
    return f"{digest} py{version} {','.join(sorted(extras))}"


def covers(installed: str, wanted: str) -> bool:
    """Whether an installation recorded as `installed` already provides `wanted`."""
    have_base, _, have_extras = installed.rpartition(" ")
    want_base, _, want_extras = wanted.rpartition(" ")
    have = set(filter(None, have_extras.split(",")))
    return have_base == want_base and set(filter(None, want_extras.split(","))) <= have


def test_environment() -> dict[str, str]:
    env = dict(os.environ)
    headless = sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    )
    if headless:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("PYTHONFAULTHANDLER", "1")
    return env


def lint(python: Path) -> int:
    print("ruff …", flush=True)
    code = run([str(python), "-m", "ruff", "check", "."])
    code |= run([str(python), "-m", "ruff", "format", "--check", "--quiet", "."])
    print("mypy …", flush=True)
    code |= run([str(python), "-m", "mypy"])
    return code


MODULES = {
    "bench": ("benchmarks",),
    "screenshots": (
        "scripts.screenshots",
        "scripts.document_screenshots",
        "scripts.screen_sizes",
        "scripts.kennzahlen_screenshots",
    ),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lint", *MODULES}:
        print(USAGE, end="")
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        python = ensure_environment(())
        return run([str(python), "-m", "ozg_desk", *rest])
    python = ensure_environment(("server", "test"))
    env = test_environment()
    if command in MODULES:
        code = 0
        for module in MODULES[command]:
            code = code or run([str(python), "-m", module, *rest], env=env)
        return code
    if lint(python) != 0:
        print("Codeprüfungen fehlgeschlagen.", file=sys.stderr)
        return 1
    if command == "lint":
        return 0
    return run([str(python), "-m", "pytest", *rest], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
