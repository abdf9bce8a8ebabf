"""Template versions the Land publishes reach every desktop through sync; an Amt's own copy
still wins, and a template a desktop cannot read leaves the shipped one in use."""

from __future__ import annotations

from pathlib import Path

import pytest

from ozg_desk.documents import service
from ozg_desk.documents.customizing import customize
from ozg_desk.documents.templates import load_templates, shipped_dir
from ozg_desk.importers.template_release import BadTemplateRelease
from ozg_desk.store.register import find_entry
from ozg_server.publishing import publish_files
from tests.documents_support import NOW, page_texts
from tests.helpers import seed_catalogue
from tests.sync_support import AMT_A, LiveServer, make_client, tenant_with_token

NEW_WORDING = "bestätigt hiermit verbindlich, dass der Online-Dienst"


def land_files(folder: Path) -> list[Path]:
    folder.mkdir()
    golive = (shipped_dir() / "golive_bestaetigung.toml").read_text(encoding="utf-8")
    assert "bestätigt, dass der Online-Dienst" in golive
    changed = golive.replace("bestätigt, dass der Online-Dienst", NEW_WORDING)
    (folder / "golive_bestaetigung.toml").write_text(
        changed.replace("version = 1", "version = 2"), encoding="utf-8"
    )
    # Valid TOML of the right type, but with a placeholder this version does not know.
    (folder / "avv.toml").write_text(
        "typ = 'avv'\ntitel = 'AVV'\nversion = 9\n"
        "[[abschnitt]]\nart = 'text'\ntext = '{behoerde.iban}'\n",
        encoding="utf-8",
    )
    (folder / "unterschriften.toml").write_text(
        "[amt]\nunterzeichner = ['lvb']\nsiegel = false\n", encoding="utf-8"
    )
    return sorted(folder.iterdir())


def test_published_templates_are_used_after_the_next_sync(
    live_server: LiveServer, tmp_path: Path
) -> None:
    token = tenant_with_token(live_server.engine, AMT_A, "Amt Crivitz")
    client = make_client("Anna", tmp_path, live_server.url, token)
    seed_catalogue(client.session.store)
    profile = {"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz", "lvb_name": "Jonas Probe"}
    client.repository.save_profile(profile)
    client.repository.create_anbindung("10160")
    published = publish_files(live_server.engine, "templates", land_files(tmp_path / "land"), None)
    assert "avv.toml, golive_bestaetigung.toml, unterschriften.toml" in published

    client.sync()

    session = client.session
    loaded = service.templates_of(session)
    golive = loaded.templates["golive_bestaetigung"]
    assert golive.origin == "Land" and golive.version.startswith("2.")
    assert loaded.templates["avv"].origin == "mitgeliefert"  # the Land's could not be read
    assert "{behoerde.iban}" in loaded.land_problems["avv.toml"]
    made = service.generate(session, "golive_bestaetigung", ["10160"], now=NOW)
    text = "".join(page_texts(made.path))
    assert NEW_WORDING in text
    assert "Jonas Probe" in text and "Dienstsiegel" not in text  # the Land's signature rules
    with session.store.read() as connection:
        entry = find_entry(connection, made.nummer)
    assert entry is not None and entry.vorlage_version == golive.version

    # The Amt's own copy starts from the Land's wording and then wins over it.
    own = customize("golive_bestaetigung", session.data_dir.templates, {})
    assert NEW_WORDING not in own.read_text(encoding="utf-8")  # without the Land: shipped text
    own.unlink()
    own = customize(
        "golive_bestaetigung", session.data_dir.templates, service.land_templates_of(session)
    )
    assert NEW_WORDING in own.read_text(encoding="utf-8")
    own.write_text(
        own.read_text(encoding="utf-8").replace(NEW_WORDING, "bestätigt gern"), encoding="utf-8"
    )
    assert service.templates_of(session).templates["golive_bestaetigung"].origin == "eigene"
    client.close()


def test_a_release_that_is_no_template_set_is_refused_when_published(tmp_path: Path) -> None:
    wrong_type = tmp_path / "avv.toml"
    wrong_type.write_text("typ = 'golive_bestaetigung'\n", encoding="utf-8")
    with pytest.raises(BadTemplateRelease, match="typ = „avv“"):
        publish_files(None, "templates", [wrong_type], None)  # type: ignore[arg-type]
    assert load_templates()  # the shipped ones are untouched, of course
