"""figures: all Kennzahlen for a Landkreis-size store (1,500 Anbindungen, 30 Gemeinden, 50,000
history entries), read from SQLite and computed. Target ≤ 50 ms.

The floor, measured in the same run: reading the same rows (Anbindungen and status history)
with bare sqlite3, without computing anything. The catalogue is synthetic (the real one has 557
OZG-Leistungen, a Landkreis with its Gemeinden tracks more as Anbindungen per Gemeinde).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sqlite3
import statistics
import time
import uuid

from benchmarks.common import WORK, Result
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.domain.anbindung import anbindung_id
from ozg_desk.domain.lifecycle import MAIN_LINE
from ozg_desk.protocol import CREATED
from ozg_desk.store import meta, open_store
from ozg_desk.store.database import Store
from ozg_desk.store.figure_inputs import STEPS_QUERY, compute_figures
from ozg_desk.store.repository import Repository

TARGET_MS = 50.0
ANBINDUNGEN = 1_500
GEMEINDEN = 30
HISTORY = 50_000
ROUNDS = 15
KREIS = "130760000000"


def build() -> Store:
    folder = WORK / "figures"
    shutil.rmtree(folder, ignore_errors=True)
    store, _ = open_store(prepare_data_dir(folder))
    repository = Repository(store, "Benchmark")
    gemeinden = [
        {"ars": f"1307600{number:05d}", "name": f"Gemeinde {number}"}
        for number in range(1, GEMEINDEN + 1)
    ]
    repository.save_profile(
        {"ars": KREIS, "typ": "landkreis", "name": "Landkreis Benchmark"}, gemeinden
    )
    rng = random.Random(1500)
    statuses = [status.value for status in MAIN_LINE]
    database = sqlite3.connect(store.path)
    with database:
        database.executemany(
            "INSERT INTO themenfeld (name) VALUES (?)", [(f"Themenfeld {i}",) for i in range(14)]
        )
        database.execute("INSERT INTO lage (name) VALUES ('Lage')")
        database.executemany(
            "INSERT INTO ozg_leistung (ozg_id, name, themenfeld_id, lage_id) VALUES (?, ?, ?, 1)",
            [(f"{20000 + i}", f"Leistung {i}", 1 + i % 14) for i in range(ANBINDUNGEN)],
        )
        behoerde = database.execute(
            "SELECT value FROM meta WHERE key = ?", (meta.LOCAL_BEHOERDE,)
        ).fetchone()[0]
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()
        rows = []
        for index in range(ANBINDUNGEN):
            ozg_id = f"{20000 + index}"
            rows.append(
                (
                    anbindung_id(KREIS, ozg_id),
                    behoerde,
                    ozg_id,
                    rng.choice(statuses),
                    rng.choice([None, 40, 400, 4000]),
                    rng.choice([None, 27, 45]),
                    12,
                    rng.choice([None, "einfach_mittel", "gehoben"]),
                    rng.choice([None, 120, 900]),
                    rng.choice([None, "1", "2.0"]),
                    rng.choice([None, 2, 3, 4]),
                    now,
                )
            )
        database.executemany(
            "INSERT INTO anbindung (id, behoerde_id, ozg_id, status, fallzahl, minuten_papier, "
            "minuten_online, laufbahngruppe, online_antraege, reifegrad_modell, reifegrad, "
            "updated_at, kanal_details, alle_gemeinden, gemeinden, deleted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 1, '[]', 0)",
            rows,
        )
        start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        database.executemany(
            "INSERT INTO history (id, entity, entity_id, anbindung_id, field, old, new, author, "
            "at) VALUES (?, 'anbindung', ?, ?, 'status', NULL, ?, 'Benchmark', ?)",
            [
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    (record := rows[rng.randrange(ANBINDUNGEN)][0]),
                    record,
                    json.dumps(rng.choice(statuses)),
                    (start + dt.timedelta(hours=rng.randrange(24 * 900))).isoformat(),
                )
                for _ in range(HISTORY)
            ],
        )
    database.close()
    return store


def _bare_read(store: Store, reduced: bool = False) -> float:
    """Median ms of reading the rows with bare sqlite3: every status entry, or (`reduced`)
    the same entries grouped per record in SQL as the figures' query does, without Python."""
    connection = sqlite3.connect(store.path)
    samples = []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        connection.execute("SELECT * FROM anbindung").fetchall()
        if reduced:
            connection.execute(STEPS_QUERY, (CREATED,)).fetchall()
        else:
            connection.execute(
                "SELECT entity_id, field, new, at FROM history NOT INDEXED "
                "WHERE entity = 'anbindung' AND field IN ('status', '_angelegt')"
            ).fetchall()
        samples.append((time.perf_counter() - begin) * 1000)
    connection.close()
    return statistics.median(samples)


def run() -> Result:
    store = build()
    try:
        samples = []
        for _ in range(ROUNDS):
            begin = time.perf_counter()
            with store.read() as connection:
                figures = compute_figures(connection)
            samples.append((time.perf_counter() - begin) * 1000)
        assert figures[0].denominator == ANBINDUNGEN  # every record was counted
        median = statistics.median(samples)
        floor = _bare_read(store)
        grouped = _bare_read(store, reduced=True)
    finally:
        store.close()
    return Result(
        "figures",
        round(median, 1),
        "ms",
        TARGET_MS,
        baseline=round(floor, 1),
        ratio=round(median / floor, 2),
        note=f"Median aus {ROUNDS} Berechnungen aller Kennzahlen über {ANBINDUNGEN:,} Anbindungen, "
        f"{GEMEINDEN} Gemeinden, {HISTORY:,} Verlaufseinträge (lesen und rechnen); Vergleich: "
        "dieselben Zeilen mit nacktem sqlite3 lesen; zweiter Vergleich: die Abfrage der "
        f"Kennzahlen (Statuseinträge je Anbindung in SQL gruppiert) nackt {grouped:.1f} ms, "
        f"Verhältnis {median / grouped:.2f}",
    )
