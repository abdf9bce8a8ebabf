"""Command line: `ozg-desk` starts the GUI; `catalogue import` and `areas import` for scripts.

Qt is imported only when the GUI starts, so the import commands run on machines without a
display and start quickly.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from ozg_desk import __version__
from ozg_desk.app.errors import KnownError
from ozg_desk.app.logs import setup_logging
from ozg_desk.app.paths import DataDir, prepare_data_dir
from ozg_desk.cli.documents import add_documents_parser, run_documents_command
from ozg_desk.cli.parser import CommandLine, refuse

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1  # a bug or an unexpected failure


def build_parser() -> argparse.ArgumentParser:
    cli = CommandLine(
        "ozg-desk",
        "OZG-Desk: Anbindung der OZG-Leistungen an das MV-Serviceportal verfolgen.",
        data_dir_help="Datenordner (Standard: lokaler Benutzerordner; für Tests und Skripte)",
        version=f"OZG-Desk {__version__}",
    )
    parser = cli.parser
    parser.add_argument(
        "--demo",
        action="store_true",
        help="mit Beispieldaten eines Amtes starten (eigener Demo-Datenordner)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="starten, Hauptfenster zeigen, beenden (ohne Bildschirm möglich)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="DATEI",
        help="beim --smoke-test ein Bildschirmfoto speichern",
    )

    catalogue = cli.actions(cli.add("catalogue", "Leistungskatalog"))
    catalogue_import = cli.add(
        "import", "OZG- und LeiKa-Leistungen aus CSV-Dateien importieren", catalogue
    )
    catalogue_import.add_argument("files", nargs="+", type=Path, metavar="DATEI")
    catalogue_import.add_argument("--stand", help="Stand des Katalogs, z. B. 2019-12")
    catalogue_import.add_argument("--json", action="store_true", help="Ergebnis als JSON")

    areas = cli.actions(cli.add("areas", "Gebiete (Kreise, Ämter, Gemeinden)"))
    areas_import = cli.add("import", "Gebiete aus mv_gebiete.csv importieren", areas)
    areas_import.add_argument("file", type=Path, metavar="DATEI")
    areas_import.add_argument("--gebietsstand", help="Gebietsstand, z. B. 2020-12-31")
    areas_import.add_argument("--json", action="store_true", help="Ergebnis als JSON")

    sync = cli.actions(cli.add("sync", "Synchronisation mit dem Server"))
    login = cli.add("login", "Server und Schlüssel", sync)
    login.add_argument("--server", required=True, metavar="URL")
    login.add_argument(
        "--token-file",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Datei mit dem Zugangsschlüssel (wird im Schlüsselbund abgelegt)",
    )
    login.add_argument("--proxy", metavar="URL", help="Proxy, falls nicht der des Systems")
    for name, text in (("run", "jetzt synchronisieren"), ("status", "Stand anzeigen")):
        cli.add(name, text, sync).add_argument(
            "--json", action="store_true", help="Ergebnis als JSON"
        )
    figures = cli.add(
        "figures", "Kennzahlen mit Zähler, Nenner, Quellen und ausgelassenen Leistungen"
    )
    figures.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    add_documents_parser(cli.commands, cli.common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    json_output = bool(getattr(args, "json", False))
    try:
        data_dir = prepare_data_dir(getattr(args, "data_dir", None), demo=args.demo)
        setup_logging(data_dir.logs)
        log.info(
            "OZG-Desk %s, Datenordner %s, Befehl %s",
            __version__,
            data_dir.root,
            args.command or "GUI",
        )
        if args.command is None:
            # The core first: once PySide6 is imported, its import hook reads the source of
            # every further module, which makes importing them noticeably slower.
            import ozg_desk.app.session  # noqa: F401, PLC0415
            from ozg_desk.ui.app import run_gui  # noqa: PLC0415 - Qt only for the GUI

            return run_gui(
                data_dir, demo=args.demo, smoke_test=args.smoke_test, screenshot=args.screenshot
            )
        return _run_command(args, data_dir)
    except KnownError as error:
        log.info("refused: %s", error)  # the user was told; not a fault of the program
        return refuse(error, as_json=json_output)


def _run_command(args: argparse.Namespace, data_dir: DataDir) -> int:
    if args.command == "documents":
        return run_documents_command(args, data_dir)
    from ozg_desk.store import open_store  # noqa: PLC0415 - keep --help fast

    store, _ = open_store(data_dir)
    try:
        if args.command == "figures":
            from ozg_desk.cli.figures import run_figures_command  # noqa: PLC0415

            return run_figures_command(store, args.json)
        if args.command == "sync":
            from ozg_desk.cli.sync import run_sync_command  # noqa: PLC0415

            return run_sync_command(store, args)
        if args.command == "catalogue":
            from ozg_desk.importers.catalogue import import_catalogue  # noqa: PLC0415

            catalogue_report, _ = import_catalogue(store, args.files, stand=args.stand)
            return _print_report(
                catalogue_report.as_json(),
                args.json,
                {"ozg_leistungen": "OZG-Leistungen", "leika_leistungen": "LeiKa-Leistungen"},
            )
        from ozg_desk.importers.areas import import_areas  # noqa: PLC0415

        area_report, _ = import_areas(store, args.file, gebietsstand=args.gebietsstand)
        return _print_report(area_report.as_json(), args.json, {"gebiete": "Gebiete"})
    finally:
        store.close()


def _print_report(report: dict[str, object], as_json: bool, kinds: dict[str, str]) -> int:
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
        return EXIT_OK
    for key, label in kinds.items():
        counts = report[key]
        assert isinstance(counts, dict)
        print(
            f"{label}: {counts['added']} neu, {counts['changed']} geändert, "
            f"{counts['unchanged']} unverändert, {counts['rejected']} abgelehnt"
        )
    errors = report["errors"]
    assert isinstance(errors, list)
    for error in errors:
        print(f"  {error['file']}, Zeile {error['line']}: {error['message']}")
    return EXIT_OK
