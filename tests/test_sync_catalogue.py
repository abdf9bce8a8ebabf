"""The catalogue shipped with OZG-Desk serves until the Land publishes a newer one through the
server: the next sync replaces it, the tracked services stay, and the page says where it came
from."""

from __future__ import annotations

import shutil
from pathlib import Path

from ozg_desk.app.reference_data import shipped_dir
from ozg_desk.importers.shipped import import_shipped
from ozg_desk.store import meta, queries
from ozg_server.services.publishing import publish_files
from tests.helpers.sync import AMT_A, LiveServer, make_client, tenant_with_token


def land_catalogue(folder: Path) -> list[Path]:
    """The shipped files, with one service renamed as a newer Stand of the catalogue would."""
    folder.mkdir()
    ozg = (shipped_dir() / "ozg_leistungen.csv").read_text(encoding="utf-8")
    assert "10160,Hundehaltung," in ozg
    (folder / "ozg_leistungen.csv").write_text(
        ozg.replace("10160,Hundehaltung,", "10160,Hundehaltung und Hundesteuer,"),
        encoding="utf-8",
    )
    shutil.copy(shipped_dir() / "leika_leistungen.csv", folder / "leika_leistungen.csv")
    return sorted(folder.iterdir())


def test_the_lands_catalogue_replaces_the_shipped_one_at_the_next_sync(
    live_server: LiveServer, tmp_path: Path
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    client = make_client("Anna", tmp_path, live_server.url, token)
    store = client.session.store
    import_shipped(store)  # as the wizard does on a first run
    client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
    client.repository.create_anbindung("10160")
    with store.read() as connection:
        shipped = queries.catalogue_info(connection)
    assert shipped.source == meta.CATALOGUE_SHIPPED and "mitgeliefert" in shipped.describe()

    publish_files(live_server.engine, "catalogue", land_catalogue(tmp_path / "land"), "2027-01")
    client.sync()

    with store.read() as connection:
        land = queries.catalogue_info(connection)
        name = connection.execute(
            "SELECT name FROM ozg_leistung WHERE ozg_id = '10160'"
        ).fetchone()[0]
        tracked = connection.execute(
            "SELECT count(*) FROM anbindung WHERE ozg_id = '10160'"
        ).fetchone()[0]
    assert land.source == meta.CATALOGUE_LAND and land.stand == "2027-01"
    assert "vom Land veröffentlicht" in land.describe()
    assert land.ozg_leistungen == shipped.ozg_leistungen
    assert name == "Hundehaltung und Hundesteuer" and tracked == 1

    import_shipped(store)  # the next start: the shipped data never replaces the Land's
    with store.read() as connection:
        assert queries.catalogue_info(connection) == land
    client.close()
