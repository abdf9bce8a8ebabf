"""`ozg-desk sync login|run|status`: scripted synchronisation."""

from __future__ import annotations

import argparse
import dataclasses
import json

from ozg_desk.store.database import Store
from ozg_desk.sync import service
from ozg_desk.sync.errors import NotConfigured


def run_sync_command(store: Store, args: argparse.Namespace) -> int:
    if args.action == "login":
        try:
            token = args.token_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise NotConfigured(
                f"Die Schlüsseldatei kann nicht gelesen werden ({error.strerror})."
            ) from None
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
