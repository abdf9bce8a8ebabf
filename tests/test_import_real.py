"""Import of the real reference files: every row arrives, a re-import changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ozg_desk.app.paths import DataDir
from ozg_desk.importers.areas import import_areas
from ozg_desk.importers.catalogue import import_catalogue
from ozg_desk.store import queries
from ozg_desk.store.database import Store


def test_real_catalogue_imports_completely_and_idempotently(store: Store, reference: Path) -> None:
    files = [reference / "ozg_leistungen.csv", reference / "leika_leistungen.csv"]
    report, changes = import_catalogue(store, files, stand="2019-12")
    assert report.as_json() == {
        "ozg_leistungen": {"added": 557, "changed": 0, "unchanged": 0, "rejected": 0},
        "leika_leistungen": {"added": 4813, "changed": 0, "unchanged": 0, "rejected": 0},
        "errors": [],
    }
    assert changes.catalogue
    with store.read() as connection:
        rows = {row.ozg_id: row for row in queries.leistungen(connection, None)}
        typ_raw = {row[0] for row in connection.execute("SELECT typ_raw FROM leika_leistung")}
        without_ozg = connection.execute(
            "SELECT count(*) FROM leika_leistung WHERE ozg_id IS NULL"
        ).fetchone()[0]
    assert (rows["10235"].name, rows["10235"].themenfeld) == ("Sterbefallanzeige", "Gesundheit")
    assert rows["10235"].lage == "Tod"
    assert "Hundesteuer" in rows["10160"].leika_names
    assert {"1, 2/3", "", "6", "1, 2"} <= typ_raw  # raw values kept, rows not dropped
    assert without_ozg == 16
    again, changes_again = import_catalogue(store, list(reversed(files)), stand="2019-12")
    assert again.ozg_leistungen.as_json() == {
        "added": 0,
        "changed": 0,
        "unchanged": 557,
        "rejected": 0,
    }
    assert again.leika_leistungen.unchanged == 4813
    assert not changes_again


def test_real_areas_import_all_852_rows(store: Store, reference: Path) -> None:
    report, _ = import_areas(store, reference / "mv_gebiete.csv", gebietsstand="2020-12-31")
    assert report.gebiete.added == 852 and report.gebiete.rejected == 0
    with store.read() as connection:
        banzkow = connection.execute(
            "SELECT name, ags, gebietsstand FROM gebiet WHERE ars = '130765668005'"
        ).fetchone()
        levels = dict(
            connection.execute("SELECT ebene, count(*) FROM gebiet GROUP BY ebene").fetchall()
        )
    assert tuple(banzkow) == ("Banzkow", "13076005", "2020-12-31")
    assert levels == {"kreis": 8, "gemeindeverband": 117, "gemeinde": 727}
    again, _ = import_areas(store, reference / "mv_gebiete.csv", gebietsstand="2020-12-31")
    assert again.gebiete.unchanged == 852 and again.gebiete.added == 0


def test_cli_json_report_has_the_documented_shape(data_dir: DataDir, reference: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "ozg_desk",
        "--data-dir",
        str(data_dir.root),
        "catalogue",
        "import",
        str(reference / "ozg_leistungen.csv"),
        str(reference / "leika_leistungen.csv"),
        "--json",
    ]
    first = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    second = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert first["ozg_leistungen"]["added"] == 557
    assert first["leika_leistungen"]["added"] == 4813
    assert second["ozg_leistungen"] == {"added": 0, "changed": 0, "unchanged": 557, "rejected": 0}
    assert second["leika_leistungen"]["unchanged"] == 4813
    assert second["errors"] == []
    areas = subprocess.run(
        [
            sys.executable,
            "-m",
            "ozg_desk",
            "areas",
            "import",
            str(reference / "mv_gebiete.csv"),
            "--json",
            "--data-dir",
            str(data_dir.root),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(areas.stdout)["gebiete"]["added"] == 852
