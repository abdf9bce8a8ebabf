"""`ozg-desk sync login|run|status`: scripted synchronisation."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from ozg_desk.app.errors import os_reason
from ozg_desk.store.database import Store
from ozg_desk.sync import service
from ozg_desk.sync.errors import NotConfigured

MAX_TOKEN_FILE = 4096


def run_sync_command(store: Store, args: argparse.Namespace) -> int:
    if args.action == "login":
        token = _read_token_file(args.token_file)
        identity = service.login(store, args.server, token, args.proxy)
        print(
            f"Angemeldet: {identity.tenant_name or 'alle Behörden'} "
            f"(ARS {identity.tenant or '–'}, Rolle {identity.role}). Der Schlüssel liegt im "
            "Schlüsselbund des Systems; die Datei kann gelöscht werden."
        )
        return 0
    if args.action == "status":
        state = service.status(store)
        if args.json:
            print(json.dumps(dataclasses.asdict(state), ensure_ascii=False))
        else:
            print(
                f"Server: {state.server_url or 'nicht eingerichtet'}; ausstehend: "
                f"{state.pending}; abgelehnt: {state.rejected}; offene Konflikte: "
                f"{state.open_conflicts}; zuletzt: {state.last_success or 'nie'}"
            )
        return 0
    report = service.run_round(store)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print(
            f"Übertragen: {report.pushed}, empfangen: {report.pulled}, neue Konflikte: "
            f"{report.conflicts}, abgelehnt: {len(report.rejected)}."
        )
        for op_id, reason in report.rejected:
            print(f"  abgelehnt ({op_id[:8]}): {reason}")
    return 0


def _read_token_file(path: Path) -> str:
    """The key from a small text file; Windows editors may add a byte order mark."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_TOKEN_FILE + 1)
    except OSError as error:
        raise NotConfigured(
            f"Die Schlüsseldatei kann nicht gelesen werden ({os_reason(error)})."
        ) from None
    try:
        if len(data) > MAX_TOKEN_FILE:
            raise ValueError
        return data.decode("utf-8-sig").strip()
    except ValueError:
        raise NotConfigured(
            "Die Schlüsseldatei enthält keinen Zugangsschlüssel (nur der Schlüssel gehört hinein)."
        ) from None
