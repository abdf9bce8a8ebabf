"""The import rule: ui → sync/documents → core/store; the core never imports the GUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ozg_desk"
QT_MODULES = ("PySide6", "shiboken6")
UPPER_LAYERS = {
    # package prefix: modules it must never import
    "ozg_desk.ui": (),
    "ozg_desk.sync": ("ozg_desk.ui",),
    "ozg_desk.documents": ("ozg_desk.ui", "ozg_desk.sync"),
}
CORE_FORBIDDEN = ("ozg_desk.ui", "ozg_desk.sync", "ozg_desk.documents", "ozg_desk.cli.main")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def violates(imported: str, forbidden: tuple[str, ...]) -> bool:
    return any(imported == prefix or imported.startswith(prefix + ".") for prefix in forbidden)


def all_modules() -> list[tuple[str, set[str]]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    server = ROOT / "ozg_server"
    if server.exists():
        paths += sorted(server.rglob("*.py"))
    return [(module_name(path), imports_of(path)) for path in paths]


def test_only_the_ui_package_imports_qt() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, imported_set in all_modules()
        if not name.startswith("ozg_desk.ui")
        for imported in imported_set
        if violates(imported, QT_MODULES)
    ]
    assert offenders == []


def test_layers_only_import_downwards() -> None:
    offenders = []
    for name, imported_set in all_modules():
        layer = next((prefix for prefix in UPPER_LAYERS if name.startswith(prefix)), None)
        if name in ("ozg_desk.cli.main", "ozg_desk.__main__"):
            continue  # the entry point may start the GUI
        forbidden = UPPER_LAYERS[layer] if layer else CORE_FORBIDDEN
        offenders += [
            f"{name} imports {imported}"
            for imported in imported_set
            if violates(imported, forbidden)
        ]
    assert offenders == []


def test_the_scan_sees_a_violation(tmp_path: Path) -> None:
    """Guard against a scanner that finds nothing: a planted import is detected."""
    planted = tmp_path / "planted.py"
    planted.write_text("from PySide6.QtWidgets import QWidget\nimport ozg_desk.ui.app\n")
    found = imports_of(planted)
    assert violates("PySide6.QtWidgets", QT_MODULES) and "PySide6.QtWidgets" in found
    assert any(violates(item, CORE_FORBIDDEN) for item in found)


def test_commands_run_without_loading_qt(tmp_path: Path) -> None:
    """Scripts on a server without Qt libraries: importing data never loads PySide6."""
    code = (
        "import sys\n"
        "from ozg_desk.cli.main import main\n"
        f"code = main(['--data-dir', {str(tmp_path)!r}, 'areas', 'import', 'missing.csv'])\n"
        "assert code == 2, code\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
