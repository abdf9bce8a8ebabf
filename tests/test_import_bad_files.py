"""Bad files get a clear German message and leave the database exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ozg_desk.app.paths import DataDir
from ozg_desk.importers.areas import import_areas
from ozg_desk.importers.catalogue import import_catalogue
from ozg_desk.importers.csvfile import BadFile
from ozg_desk.store.database import Store
from tests.conftest import content_dump
from tests.helpers import LEIKA_HEADER, OZG_HEADER, small_catalogue_files, write_csv


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    """A store that already holds a catalogue, so 'unchanged' is a real claim."""
    import_catalogue(store, list(small_catalogue_files(tmp_path)), stand="2019-12")
    return store


def cp1252_file(folder: Path) -> Path:
    return write_csv(
        folder / "ansi.csv",
        OZG_HEADER,
        [
            ("10160", "Hundehaltung", "Tierhaltung", "Engagement & Hobby", "3"),
            ("10999", "Änderung der Gebühr", "Tod", "Gesundheit", "1"),
        ],
        encoding="cp1252",
    )


def missing_column_file(folder: Path) -> Path:
    return write_csv(
        folder / "missing.csv",
        ("ozg_id", "ozg_leistung", "themenfeld"),
        [("10160", "Hundehaltung", "Engagement & Hobby")],
    )


def renamed_column_file(folder: Path) -> Path:
    header = ("leika_schluessel", "name", "leika_typ", "ozg_id", "rechtsgrundlage_kurz")
    return write_csv(
        folder / "renamed.csv", header, [("99102013000000", "Hundesteuer", "4", "10160", "")]
    )


def duplicate_key_file(folder: Path) -> Path:
    return write_csv(
        folder / "dupes.csv",
        LEIKA_HEADER,
        [
            ("99102013000000", "Hundesteuer", "4", "10160", ""),
            ("99102013010000", "Hundesteuer Befreiung", "4", "10160", ""),
            ("99102013000000", "Hundesteuer (doppelt)", "4", "10160", ""),
        ],
    )


def binary_file(folder: Path) -> Path:
    path = folder / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def huge_file(folder: Path) -> Path:
    path = folder / "huge.csv"
    with path.open("wb") as handle:
        handle.write(",".join(OZG_HEADER).encode() + b"\n")
        line = b"10160,Hundehaltung,Tierhaltung,Engagement & Hobby,3\n"
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size >= 50 * 1024 * 1024
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.csv"
    path.write_bytes(b"")
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "cp1252": (cp1252_file, "nicht UTF-8-kodiert.*Zeile 3.*Windows-1252"),
    "missing column": (missing_column_file, "fehlen die Spalten „lebenslage“"),
    "renamed column": (renamed_column_file, "fehlen die Spalten „bezeichnung“"),
    "duplicate keys": (duplicate_key_file, r"99102013000000 \(Zeilen 2, 4\)"),
    "binary garbage": (binary_file, "keine CSV-Textdatei"),
    "50 MB": (huge_file, "50,0 MB zu groß"),
    "empty": (empty_file, "leer"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_catalogue_file_changes_nothing(filled: Store, tmp_path: Path, case: str) -> None:
    make, message = BAD_FILES[case]
    bad = make(tmp_path)
    (tmp_path / "good").mkdir()
    good_ozg, _ = small_catalogue_files(tmp_path / "good")
    before = content_dump(filled.path)
    with pytest.raises(BadFile, match=message):
        # A good file in the same import must not be imported either: all or nothing.
        import_catalogue(filled, [good_ozg, bad], stand="2020-01")
    assert content_dump(filled.path) == before


@pytest.mark.parametrize("case", ["cp1252", "binary garbage", "50 MB", "missing column"])
def test_bad_area_file_changes_nothing(store: Store, tmp_path: Path, case: str) -> None:
    make, _ = BAD_FILES[case]
    bad = make(tmp_path)
    before = content_dump(store.path)
    with pytest.raises(BadFile):
        import_areas(store, bad)
    assert content_dump(store.path) == before


def test_cli_reports_a_bad_file_in_german_and_exits_2(data_dir: DataDir, tmp_path: Path) -> None:
    bad = cp1252_file(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    text = subprocess.run(
        [
            sys.executable,
            "-m",
            "ozg_desk",
            "--data-dir",
            str(data_dir.root),
            "catalogue",
            "import",
            str(bad),
        ],
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
    )
    assert text.returncode == 2
    assert "ansi.csv: Die Datei ist nicht UTF-8-kodiert" in text.stderr
    as_json = subprocess.run(
        [
            sys.executable,
            "-m",
            "ozg_desk",
            "--data-dir",
            str(data_dir.root),
            "catalogue",
            "import",
            str(bad),
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        encoding="utf-8",
    )
    assert as_json.returncode == 2
    assert "UTF-8" in json.loads(as_json.stdout)["error"]


def test_bad_rows_are_rejected_with_line_numbers_and_the_rest_imported(
    store: Store, tmp_path: Path
) -> None:
    ozg, _ = small_catalogue_files(tmp_path)
    leika = write_csv(
        tmp_path / "leika_bad.csv",
        LEIKA_HEADER,
        [
            ("99102013000000", "Hundesteuer", "4", "10160", ""),
            ("9910201300", "Zu kurzer Schlüssel", "4", "10160", ""),
            ("99102013010000", "", "4", "10160", ""),
            ("99102013020000", "Unbekannte OZG-ID", "4", "19999", ""),
            ("99102013030000", "Zu wenige Spalten", "4"),
        ],
    )
    report, _ = import_catalogue(store, [ozg, leika])
    assert report.leika_leistungen.added == 1
    assert report.leika_leistungen.rejected == 4
    assert [(e.line, e.message[:30]) for e in report.errors] == [
        (3, "Der LeiKa-Schlüssel „991020130"),
        (4, "Die Bezeichnung fehlt."),
        (5, "Die OZG-ID 19999 ist nicht im "),
        (6, "3 statt 5 Spalten."),
    ]


def test_semicolon_separated_excel_export_is_accepted(store: Store, tmp_path: Path) -> None:
    ozg = write_csv(
        tmp_path / "excel.csv",
        OZG_HEADER,
        [("10160", "Hundehaltung", "Tierhaltung", "Engagement & Hobby", "3")],
        encoding="utf-8-sig",
        delimiter=";",
    )
    report, _ = import_catalogue(store, [ozg])
    assert report.ozg_leistungen.added == 1


def test_a_file_of_the_wrong_kind_names_the_expected_columns(store: Store, tmp_path: Path) -> None:
    other = write_csv(tmp_path / "other.csv", ("a", "b"), [("1", "2")])
    with pytest.raises(BadFile, match="weder zu OZG-Leistungen"):
        import_catalogue(store, [other])
