"""`ozg-desk-server`: run the server and administer tenants, tokens and reference data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ozg_desk.app.errors import KnownError
from ozg_desk.cli.parser import EXIT_REFUSED, CommandLine, refuse
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


def build_parser() -> argparse.ArgumentParser:
    cli = CommandLine(
        "ozg-desk-server",
        "Zentraler Server für OZG-Desk.",
        data_dir_help="Datenordner des Servers (ohne OZG_SERVER_DATABASE_URL: SQLite)",
        command_required=True,
    )
    run = cli.add("run", "Server starten")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--ssl-certfile", type=Path, help="TLS-Zertifikat (sonst Reverse-Proxy)")
    run.add_argument("--ssl-keyfile", type=Path)
    tenant = cli.actions(cli.add("tenant", "Behörden"))
    tenant_add = cli.add("add", "Behörde anlegen", tenant)
    tenant_add.add_argument("--ars", required=True)
    tenant_add.add_argument("--name", required=True)
    token = cli.actions(cli.add("token", "Zugangsschlüssel"))
    issue = cli.add("issue", "Schlüssel ausgeben", token)
    issue.add_argument("--tenant", help="ARS der Behörde (für die Rolle behoerde Pflicht)")
    issue.add_argument("--role", choices=ROLES, default="behoerde")
    issue.add_argument("--device", required=True, help="Name des Geräts, z. B. PC-IT-01")
    revoke = cli.add("revoke", "Schlüssel sperren", token)
    revoke.add_argument("--id", help="Kennung (oder ihr Anfang, mindestens 8 Zeichen)")
    revoke.add_argument("--tenant")
    revoke.add_argument("--device")
    revoke.add_argument("--yes", action="store_true", help="ohne Rückfrage sperren")
    cli.add("restored", "nach dem Zurückspielen einer Sicherung: neue Epoche (docs/operations.md)")
    for kind, helptext in (
        ("catalogue", "Leistungskatalog veröffentlichen"),
        ("areas", "Gebietsdaten veröffentlichen"),
        ("templates", "Dokumentvorlagen veröffentlichen (TOML-Dateien)"),
    ):
        actions = cli.actions(cli.add(kind, helptext))
        imp = cli.add("import", helptext, actions)
        imp.add_argument("files", nargs=1 if kind == "areas" else "+", type=Path, metavar="DATEI")
        imp.add_argument("--gebietsstand" if kind == "areas" else "--stand")
        if kind == "templates":
            cli.add("withdraw", "Vorlagen des Landes zurückziehen", actions).set_defaults(files=[])
    return cli.parser


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
        return refuse(error)
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
