"""Shared test helpers: this module holds a synthetic mini catalogue and CSV writers; the
package's modules hold the GUI, sync, documents, accessibility and fault-injection helpers."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import insert

from ozg_desk.store import schema
from ozg_desk.store.database import Store

MINI_OZG = (
    ("10124", "Wohnsitzmeldungen", "Bauen & Wohnen", "Wohnen & Umzug"),
    ("10160", "Hundehaltung", "Engagement & Hobby", "Tierhaltung"),
    ("10235", "Sterbefallanzeige", "Gesundheit", "Tod"),
    ("10237", "Sterbeurkunde", "Gesundheit", "Tod"),
)


def seed_catalogue(store: Store) -> None:
    """A four-service catalogue, enough for repository and GUI tests."""
    with store.write() as connection:
        themen = sorted({row[2] for row in MINI_OZG})
        lagen = sorted({row[3] for row in MINI_OZG})
        connection.execute(insert(schema.themenfeld), [{"name": name} for name in themen])
        connection.execute(insert(schema.lage), [{"name": name} for name in lagen])
        connection.execute(
            insert(schema.ozg_leistung),
            [
                {
                    "ozg_id": ozg_id,
                    "name": name,
                    "themenfeld_id": themen.index(themenfeld) + 1,
                    "lage_id": lagen.index(lage) + 1,
                }
                for ozg_id, name, themenfeld, lage in MINI_OZG
            ],
        )


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


OZG_HEADER = ("ozg_id", "ozg_leistung", "lebenslage", "themenfeld", "anzahl_leika")
LEIKA_HEADER = ("leika_schluessel", "bezeichnung", "leika_typ", "ozg_id", "rechtsgrundlage_kurz")


def small_catalogue_files(folder: Path) -> tuple[Path, Path]:
    """Valid OZG and LeiKa files with the messy Typisierung values of the real data."""
    ozg = write_csv(
        folder / "ozg.csv",
        OZG_HEADER,
        [
            ("10160", "Hundehaltung", "Tierhaltung", "Engagement & Hobby", "3"),
            ("10235", "Sterbefallanzeige", "Tod", "Gesundheit", "1"),
            ("10237", "Sterbeurkunde", "Tod", "Gesundheit", "2"),
        ],
    )
    leika = write_csv(
        folder / "leika.csv",
        LEIKA_HEADER,
        [
            ("99102013000000", "Hundesteuer", "4", "10160", ""),
            ("99102013010000", "Hundesteuer Befreiung", "1, 2/3", "10160", ""),
            ("99102013002000", "Hundesteuer Festsetzung", "", "10160", "KAG M-V"),
            ("99050012104000", "Sterbefall Anzeige", "6", "10235", "PStG"),
            ("99050013000000", "Sterbeurkunde", "2/3", "10237", "PStG"),
            ("99050013001000", "Sterbeurkunde Ausstellung", "1, 2", "", ""),
        ],
    )
    return ozg, leika
