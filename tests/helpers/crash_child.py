"""Child process for the crash-safety test: applies edits forever, reports each commit."""

from __future__ import annotations

import sys
from pathlib import Path

from ozg_desk.store.changes import Edit
from ozg_desk.store.database import Store
from ozg_desk.store.repository import Repository


def main(database: Path, round_number: int, record_ids: list[str]) -> None:
    repository = Repository(Store(database), "Absturztest")
    print("ready", flush=True)
    edit = 0
    while True:
        edit += 1
        record_id = record_ids[edit % len(record_ids)]
        marker = f"Runde {round_number} Änderung {edit}"
        repository.apply([Edit("anbindung", record_id, {"notizen": marker, "fallzahl": edit})])
        # Reported only after commit returned: the parent may rely on it being durable.
        print(f"committed {record_id} {marker}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
