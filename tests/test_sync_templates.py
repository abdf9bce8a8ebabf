"""Template versions the Land publishes reach every desktop through sync; an Amt's own copy
still wins, and a template a desktop cannot read leaves the shipped one in use."""

from __future__ import annotations

from pathlib import Path

import pytest

from ozg_desk.documents import service
from ozg_desk.documents.customizing import choices, customize
from ozg_desk.documents.templates import load_templates, shipped_dir
from ozg_desk.importers.template_release import BadTemplateRelease, files_of_release
from ozg_desk.store.register import find_entry
from ozg_desk.sync import service as sync_service
from ozg_server.publishing import publish_files
from tests.documents_support import NOW, page_texts
from tests.sync_support import (
    AMT_A,
    LiveServer,
    amt_client,
    make_client,
    server_engine,
    tenant_with_token,
)

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
    client = amt_client(live_server, tmp_path, lvb_name="Jonas Probe")
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
    assert entry is not None and entry.vorlage_version.startswith(golive.version + ".")

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

    # The Land withdraws its templates: with the next sync the shipped ones apply again.
    assert "zurückgezogen" in publish_files(live_server.engine, "templates", [], None)
    client.sync()
    assert service.land_templates_of(session) == {}
    assert service.templates_of(session).templates["avv"].origin == "mitgeliefert"
    client.close()


def test_a_release_that_is_no_template_set_is_refused_when_published(tmp_path: Path) -> None:
    wrong_type = tmp_path / "avv.toml"
    wrong_type.write_text("typ = 'golive_bestaetigung'\n", encoding="utf-8")
    with pytest.raises(BadTemplateRelease, match="typ = „avv“"):
        publish_files(None, "templates", [wrong_type], None)  # type: ignore[arg-type]
    assert load_templates()  # the shipped ones are untouched, of course


def test_an_own_copy_never_starts_from_a_land_template_this_pc_cannot_use(
    live_server: LiveServer, tmp_path: Path
) -> None:
    client = amt_client(live_server, tmp_path)
    folder = tmp_path / "land"
    files = land_files(folder)
    (folder / "unterschriften.toml").write_text("[amt]\nunterzeichner = ['buergermeister']\n")
    (folder / "neu_typ.toml").write_text(
        "typ = 'neu_typ'\ntitel = 'Neue Meldung'\nversion = 1\nleistungen = 'keine'\n"
        "[[abschnitt]]\nart = 'text'\ntext = '{behoerde.name} meldet.'\n",
        encoding="utf-8",
    )
    publish_files(live_server.engine, "templates", [*files, folder / "neu_typ.toml"], None)
    client.sync()
    session, own = client.session, client.session.data_dir.templates
    land = service.land_templates_of(session)

    offered = {choice.typ: choice for choice in choices(own, land)}
    assert offered["neu_typ"].from_land  # a type only the Land has can be adapted too
    assert not offered["avv"].from_land and not offered["unterschriften"].from_land
    assert "Neue Meldung" in customize("neu_typ", own, land).read_text(encoding="utf-8")
    customize("avv", own, land)  # from the shipped wording, which this PC can use
    customize("unterschriften", own, land)
    loaded = service.templates_of(session)
    assert loaded.problems == {}
    assert "unterschriften.toml" in loaded.land_problems
    assert service.generate(session, "avv", ["10160"], now=NOW).path.is_file()
    client.close()


def test_another_server_brings_its_own_templates_or_none(tmp_path: Path) -> None:
    with (
        LiveServer(server_engine("sqlite", tmp_path / "alt", None)) as old,
        LiveServer(server_engine("sqlite", tmp_path / "neu", None)) as new,
    ):
        old_token = tenant_with_token(old.engine, AMT_A, "Amt")
        client = make_client("Anna", tmp_path, old.url, old_token)
        client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
        publish_files(old.engine, "templates", land_files(tmp_path / "land"), None)
        sync_service.login(client.session.store, old.url, old_token)
        client.sync()
        assert service.land_templates_of(client.session) != {}
        client.close()

        new_token = tenant_with_token(new.engine, AMT_A, "Amt")
        again = make_client("Anna", tmp_path, new.url, new_token)  # the same data directory
        sync_service.login(again.session.store, new.url, new_token)
        again.sync()
        assert service.land_templates_of(again.session) == {}
        origins = {t.origin for t in service.templates_of(again.session).templates.values()}
        assert origins == {"mitgeliefert"}
        again.close()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"avv.toml": "typ = 'avv'\n\ud800"}, "kein Text"),
        ({"\ud800.toml": "typ = 'x'\n"}, "kein Name einer Vorlagendatei"),
        ({f"t{n}.toml": f"typ = 't{n}'" for n in range(51)}, "höchstens 50 Dateien"),
    ],
)
def test_a_malformed_template_release_is_refused_with_a_reason(
    files: dict[str, str], message: str
) -> None:
    with pytest.raises(BadTemplateRelease, match=message):
        files_of_release({"files": files})
