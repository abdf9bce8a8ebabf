"""`ozg-desk-server`: run the server and administer tenants, tokens and reference data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ozg_desk.app.errors import KnownError
from ozg_desk.cli import parser as cli_text
from ozg_server.config import ServerConfig, load_config
from ozg_server.services.accounts import (
    ROLES,
    add_tenant,
    issue_token,
    revoke_tokens,
    tokens_to_revoke,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_REFUSED = 2


def build_parser() -> argparse.ArgumentParser:
    cli_text.install()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="ORDNER",
        help="Datenordner des Servers (ohne OZG_SERVER_DATABASE_URL: SQLite)",
    )
    parser = argparse.ArgumentParser(
        prog="ozg-desk-server", parents=[common], description="Zentraler Server für OZG-Desk."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")
    run = commands.add_parser("run", parents=[common], help="Server starten")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--ssl-certfile", type=Path, help="TLS-Zertifikat (sonst Reverse-Proxy)")
    run.add_argument("--ssl-keyfile", type=Path)
    tenant = commands.add_parser("tenant", parents=[common], help="Behörden")
    tenant_commands = tenant.add_subparsers(dest="action", required=True, metavar="AKTION")
    tenant_add = tenant_commands.add_parser("add", parents=[common], help="Behörde anlegen")
    tenant_add.add_argument("--ars", required=True)
    tenant_add.add_argument("--name", required=True)
    token = commands.add_parser("token", parents=[common], help="Zugangsschlüssel")
    token_commands = token.add_subparsers(dest="action", required=True, metavar="AKTION")
    issue = token_commands.add_parser("issue", parents=[common], help="Schlüssel ausgeben")
    issue.add_argument("--tenant", help="ARS der Behörde (für die Rolle behoerde Pflicht)")
    issue.add_argument("--role", choices=ROLES, default="behoerde")
    issue.add_argument("--device", required=True, help="Name des Geräts, z. B. PC-IT-01")
    revoke = token_commands.add_parser("revoke", parents=[common], help="Schlüssel sperren")
    revoke.add_argument("--id", help="Kennung (oder ihr Anfang, mindestens 8 Zeichen)")
    revoke.add_argument("--tenant")
    revoke.add_argument("--device")
    revoke.add_argument("--yes", action="store_true", help="ohne Rückfrage sperren")
    commands.add_parser(
        "restored",
        parents=[common],
        help="nach dem Zurückspielen einer Sicherung: neue Epoche (docs/operations.md)",
    )
    for kind, helptext in (
        ("catalogue", "Leistungskatalog veröffentlichen"),
        ("areas", "Gebietsdaten veröffentlichen"),
        ("templates", "Dokumentvorlagen veröffentlichen (TOML-Dateien)"),
    ):
        sub = commands.add_parser(kind, parents=[common], help=helptext)
        actions = sub.add_subparsers(dest="action", required=True, metavar="AKTION")
        imp = actions.add_parser("import", parents=[common], help=helptext)
        imp.add_argument("files", nargs=1 if kind == "areas" else "+", type=Path, metavar="DATEI")
        imp.add_argument("--gebietsstand" if kind == "areas" else "--stand")
        if kind == "templates":
            withdraw = actions.add_parser(
                "withdraw", parents=[common], help="Vorlagen des Landes zurückziehen"
            )
            withdraw.set_defaults(files=[])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = load_config(getattr(args, "data_dir", None))
    try:
        if args.command == "run":
            return _run(config, args)
        from ozg_server.db.database import make_engine  # noqa: PLC0415
        from ozg_server.db.migrate import upgrade  # noqa: PLC0415

        engine = make_engine(config)
        upgrade(engine)
        if args.command == "tenant":
            print(f"Behörde {add_tenant(engine, args.ars, args.name)} angelegt.")
        elif args.command == "token" and args.action == "issue":
            print(issue_token(engine, args.role, args.device, args.tenant))
            print("Der Schlüssel wird nur dieses eine Mal angezeigt.", file=sys.stderr)
        elif args.command == "token":
            return _revoke(engine, args)
        elif args.command == "restored":
            from ozg_server.services.epochs import start_new_epochs  # noqa: PLC0415

            count = start_new_epochs(engine)
            print(
                f"Neue Epoche für {count} Behörde(n). Jeder Desktop liest bei seiner nächsten "
                "Synchronisation alles neu und sendet, was dem Server fehlt."
            )
        else:
            from ozg_server.services.publishing import publish_files  # noqa: PLC0415

            print(
                publish_files(
                    engine,
                    args.command,
                    args.files,
                    getattr(args, "stand", None) or getattr(args, "gebietsstand", None),
                )
            )
    except KnownError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def _revoke(engine: Engine, args: argparse.Namespace) -> int:
    """Show what will be revoked; revoke it after a confirmation (or with --yes)."""
    found = tokens_to_revoke(engine, args.id, tenant=args.tenant, device=args.device)
    if not found:
        print("Kein gültiger Schlüssel passt dazu; nichts gesperrt.")
        return 0
    print(f"Zu sperren ({len(found)}):")
    for token in found:
        print("  " + token.line())
    if not args.yes:
        if not sys.stdin.isatty():
            print("Nichts gesperrt: zum Sperren ohne Rückfrage --yes angeben.", file=sys.stderr)
            return EXIT_REFUSED
        if input("Diese Schlüssel sperren? [j/N] ").strip().lower() not in ("j", "ja"):
            print("Nichts gesperrt.")
            return 0
    print(f"{revoke_tokens(engine, found)} Schlüssel gesperrt.")
    return 0


def _run(config: ServerConfig, args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415

    from ozg_server.app import build_app  # noqa: PLC0415

    uvicorn.run(
        build_app(config),
        host=args.host,
        port=args.port,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_level="info",
        proxy_headers=True,
    )
    return 0
