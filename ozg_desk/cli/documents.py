"""`ozg-desk documents types|generate|register|advance|customize`: the paperwork for scripts."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

from ozg_desk.app.errors import os_reason
from ozg_desk.app.paths import DataDir
from ozg_desk.domain.documents import STATE_LABELS, STATES
from ozg_desk.domain.errors import DomainError


def add_documents_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    documents = commands.add_parser("documents", parents=[common], help="Antragsunterlagen")
    actions = documents.add_subparsers(dest="action", required=True, metavar="AKTION")
    actions.add_parser("types", parents=[common], help="Dokumenttypen, je Zeile einer")
    generate = actions.add_parser("generate", parents=[common], help="ein Dokument erzeugen")
    generate.add_argument("--type", required=True, dest="typ", metavar="TYP")
    generate.add_argument("--ozg-id", nargs="+", default=[], dest="ozg_ids", metavar="ID")
    generate.add_argument("--out", required=True, type=Path, metavar="DATEI")
    generate.add_argument("--bemerkung", default="", metavar="TEXT")
    generate.add_argument(
        "--trotzdem",
        action="store_true",
        help="auch erzeugen, wenn Status oder Angaben nicht zur Vorlage passen",
    )
    register = actions.add_parser("register", parents=[common], help="Dokumentenregister")
    register.add_argument("--json", action="store_true", help="als JSON")
    advance = actions.add_parser(
        "advance", parents=[common], help="Stand setzen (z. B. Rücklauf erfassen)"
    )
    advance.add_argument("nummer", metavar="NUMMER")
    advance.add_argument("--zustand", required=True, choices=STATES[1:])
    advance.add_argument("--datum", type=dt.date.fromisoformat, metavar="JJJJ-MM-TT")
    customize = actions.add_parser(
        "customize", parents=[common], help="Vorlage zum Anpassen in den Datenordner kopieren"
    )
    customize.add_argument("typ", metavar="TYP", help="Dokumenttyp oder „unterschriften“")


def run_documents_command(args: argparse.Namespace, data_dir: DataDir) -> int:
    from ozg_desk.app.session import open_session  # noqa: PLC0415
    from ozg_desk.documents import service  # noqa: PLC0415 - reportlab only when needed
    from ozg_desk.documents.fit import NotFitting  # noqa: PLC0415
    from ozg_desk.documents.numbering import normalize_number  # noqa: PLC0415
    from ozg_desk.store.register import advance_document, register_entries  # noqa: PLC0415

    session = open_session(data_dir)
    try:
        if args.action == "types":
            loaded = service.templates_of(session)
            marks = {"eigene": "\t(angepasste Vorlage)", "Land": "\t(Vorlage vom Land)"}
            for typ, template in loaded.templates.items():
                print(f"{typ}\t{template.titel}{marks.get(template.origin, '')}")
            for problem in [*loaded.problems.values(), *loaded.land_problems.values()]:
                print(f"Hinweis: {problem}", file=sys.stderr)
            return 0
        if args.action == "customize":
            from ozg_desk.documents.templates.copies import customize  # noqa: PLC0415

            path = customize(
                args.typ, session.data_dir.templates, service.land_templates_of(session)
            )
            print(f"Vorlage zum Anpassen: {path}")
            print("Änderungen gelten für Dokumente, die danach erzeugt werden.")
            return 0
        if args.action == "generate":
            _check_target(args.out)  # before a number is taken
            try:
                made = service.generate(
                    session, args.typ, args.ozg_ids, bemerkung=args.bemerkung, anyway=args.trotzdem
                )
            except NotFitting as refusal:
                raise DomainError(
                    f"{refusal} Nichts erzeugt; mit --trotzdem entsteht es bewusst dennoch."
                ) from None
            try:
                _copy(made.path, args.out)
            except OSError as error:
                raise DomainError(
                    f"Dokument {made.nummer} ist erzeugt und liegt im Datenordner ({made.path}), "
                    f"die Kopie nach {args.out} schlug aber fehl: {os_reason(error)}."
                ) from None
            print(f"Dokument {made.nummer} erzeugt: {args.out}")
            return 0
        if args.action == "register":
            with session.store.read() as connection:
                entries = register_entries(connection)
            if args.json:
                rows = [dataclasses.asdict(entry) for entry in entries]
                print(json.dumps(rows, ensure_ascii=False))
                return 0
            for entry in entries:
                state = STATE_LABELS[entry.zustand]
                print(f"{entry.nummer}\t{entry.typ}\t{state}\t{entry.titel}")
            return 0
        nummer = normalize_number(args.nummer) or args.nummer
        date = args.datum or dt.datetime.now().astimezone().date()
        advance_document(session.repository, nummer, args.zustand, date)
        print(f"Dokument {nummer}: {STATE_LABELS[args.zustand]}")
        return 0
    finally:
        session.close()


def _check_target(target: Path) -> None:
    folder = target.parent if str(target.parent) else Path()
    if target.is_dir():
        raise DomainError(f"{target} ist ein Ordner; bitte einen Dateinamen angeben.")
    if not folder.is_dir():
        raise DomainError(f"Den Ordner {folder} gibt es nicht.")


def _copy(source: Path, target: Path) -> None:
    """Copy whole or not at all (a half-written PDF in a mail folder helps nobody)."""
    partial = target.with_name(target.name + ".teil")
    shutil.copyfile(source, partial)
    partial.replace(target)
