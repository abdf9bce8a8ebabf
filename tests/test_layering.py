"""The import rule: ui → sync/documents → core/store; the core never imports the GUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ozg_desk"
QT_MODULES = ("PySide6", "shiboken6")

# The layers from the bottom up: a module may import its own layer and the ones below, never
# one above. The most specific prefix decides a module's layer.
DESKTOP_LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "ozg_desk.app.errors",
        "ozg_desk.app.german_time",
        "ozg_desk.app.resources",
        "ozg_desk.app.logs",
        "ozg_desk.app.paths",
        "ozg_desk.app.reference_data",
        "ozg_desk.cli.parser",
    ),
    ("ozg_desk.domain", "ozg_desk.protocol", "ozg_desk.figures"),
    ("ozg_desk.store",),
    ("ozg_desk.importers",),
    ("ozg_desk.app",),  # session, undo, demo: the store put to work
    # charts: the Kennzahlen drawn for window and report, in the paperwork's embedded fonts
    ("ozg_desk.documents", "ozg_desk.sync", "ozg_desk.charts"),
    ("ozg_desk.cli",),
    ("ozg_desk.ui",),
)
SERVER_LAYERS: tuple[tuple[str, ...], ...] = (
    ("ozg_server.config", "ozg_server.db"),
    ("ozg_server.services",),
    ("ozg_server.api",),
    ("ozg_server.app", "ozg_server.cli", "ozg_server.__main__"),
)
# What the server may take from the desktop package: the shared rules and the wire contract.
SERVER_MAY_USE = (
    "ozg_desk.app.errors",
    "ozg_desk.cli.parser",
    "ozg_desk.domain",
    "ozg_desk.figures",
    "ozg_desk.protocol",
    "ozg_desk.importers",
)
# Entry points start whatever they are asked to; the package root only holds the version.
EXEMPT = ("ozg_desk", "ozg_desk.__main__", "ozg_desk.cli.main", "ozg_server")
# Feature packages of the GUI stand side by side; only these may use another one.
UI_SHARED = ("ozg_desk.ui.widgets", "ozg_desk.ui.editor")


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


def layer_of(name: str, layers: tuple[tuple[str, ...], ...]) -> int | None:
    """The index of the most specific layer prefix that `name` falls under."""
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for index, prefixes in enumerate(layers):
        for prefix in prefixes:
            if violates(name, (prefix,)) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def ui_feature(name: str) -> str | None:
    """`ozg_desk.ui.documents` for any module in that package; None for ui's own modules."""
    parts = name.split(".")
    if len(parts) < 3 or parts[:2] != ["ozg_desk", "ui"]:
        return None
    return ".".join(parts[:3]) if (PACKAGE / "ui" / parts[2]).is_dir() else None


def server_upward(name: str, imported: str) -> bool:
    if imported.startswith("ozg_desk"):
        shared = violates(imported, SERVER_MAY_USE) or any(
            allowed.startswith(imported + ".") for allowed in SERVER_MAY_USE
        )  # `from ozg_desk.cli import parser` names the package too
        return not shared and imported not in ("ozg_desk", "ozg_desk.__version__")
    mine, theirs = layer_of(name, SERVER_LAYERS), layer_of(imported, SERVER_LAYERS)
    return mine is not None and theirs is not None and theirs > mine


def desktop_upward(name: str, imported: str) -> bool:
    if imported.startswith("ozg_server"):
        return True
    mine, theirs = layer_of(name, DESKTOP_LAYERS), layer_of(imported, DESKTOP_LAYERS)
    if mine is None or theirs is None or theirs > mine:
        return mine is not None and theirs is not None
    # ui's own modules (app, main window, desk, tasks) assemble the features; a feature does not
    # reach into another one.
    feature, other = ui_feature(name), ui_feature(imported)
    return None not in (feature, other) and other != feature and other not in UI_SHARED


def upward(name: str, imported: str) -> bool:
    """Whether `name` importing `imported` breaks the layering."""
    if not imported.startswith(("ozg_desk", "ozg_server")) or name in EXEMPT:
        return False
    if name.startswith("ozg_server"):
        return server_upward(name, imported)
    return desktop_upward(name, imported)


def all_modules() -> list[tuple[str, set[str]]]:
    paths = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "ozg_server").rglob("*.py"))
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


def test_every_package_has_a_layer() -> None:
    unplaced = [
        name
        for name, _ in all_modules()
        if name not in EXEMPT
        and layer_of(name, DESKTOP_LAYERS if name.startswith("ozg_desk") else SERVER_LAYERS) is None
    ]
    assert unplaced == []


def test_layers_only_import_downwards() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, imported_set in all_modules()
        for imported in imported_set
        if upward(name, imported)
    ]
    assert offenders == []


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root, children_of_root in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(children_of_root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def module_graph() -> dict[str, set[str]]:
    """Which of our modules each module imports (also inside functions and TYPE_CHECKING)."""
    modules = dict(all_modules())

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    return {
        name: {
            found
            for imported in imported_set
            if (found := resolve(imported)) is not None
            and found != name
            and not (name.startswith(found + ".") or found == name.rpartition(".")[0])
        }
        for name, imported_set in modules.items()
    }


def test_no_import_cycle() -> None:
    assert import_cycles(module_graph()) == []


def test_the_cycle_check_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_the_layer_check_sees_upward_imports() -> None:
    assert upward("ozg_desk.domain.listing", "ozg_desk.store.queries")
    assert upward("ozg_desk.store.queries", "ozg_desk.app.session")
    assert upward("ozg_desk.ui.widgets.menus", "ozg_desk.ui.documents.page")
    assert upward("ozg_desk.ui.sync.page", "ozg_desk.ui.documents.page")
    assert upward("ozg_server.db.schema", "ozg_server.services.push")
    assert upward("ozg_server.services.push", "ozg_desk.store.queries")
    assert not upward("ozg_desk.ui.sync.page", "ozg_desk.ui.editor.pane")
    assert not upward("ozg_desk.documents.service", "ozg_desk.app.session")
    assert not upward("ozg_server.api.body", "ozg_desk.protocol.requests")


def test_the_scan_sees_a_violation(tmp_path: Path) -> None:
    """Guard against a scanner that finds nothing: a planted import is detected."""
    planted = tmp_path / "planted.py"
    planted.write_text("from PySide6.QtWidgets import QWidget\nimport ozg_desk.ui.app\n")
    found = imports_of(planted)
    assert violates("PySide6.QtWidgets", QT_MODULES) and "PySide6.QtWidgets" in found
    assert any(upward("ozg_desk.store.planted", item) for item in found)


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
