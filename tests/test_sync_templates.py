"""Template versions the Land publishes reach every desktop through sync; an Amt's own copy
still wins, and a template a desktop cannot read leaves the shipped one in use."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from ozg_desk.documents import service
from ozg_desk.documents.templates import load_templates, shipped_dir
from ozg_desk.documents.templates.copies import choices, customize
from ozg_desk.importers.template_release import BadTemplateRelease, files_of_release
from ozg_desk.store.register import find_entry
from ozg_desk.sync import service as sync_service
from ozg_server.services import releases
from ozg_server.services.publishing import publish_files
from tests.helpers.documents import NOW, page_texts
from tests.helpers.sync import (
    AMT_A,
    LiveServer,
    amt_client,
    make_client,
    server_engine,
    tenant_with_token,
)

NEW_WORDING = "bestätigt hiermit verbindlich, dass der Online-Dienst"


def land_files(folder: Path) -> list[Path]:
    """The Land's changed Go-Live wording and signature rules, and an AVV with a placeholder
    this version does not know (as a newer server would publish it: see `newer_server`)."""
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


def newer_server(engine: Engine, files: list[Path]) -> None:
    """Publish as a server of a later version would, whose templates may use placeholders this
    desktop does not know yet (this version's server refuses them: see the tests below)."""
    content = {"files": {path.name: path.read_text(encoding="utf-8") for path in files}}
    releases.publish(engine, "templates", content, None, "admin")


def test_published_templates_are_used_after_the_next_sync(
    live_server: LiveServer, tmp_path: Path
) -> None:
    client = amt_client(live_server, tmp_path, lvb_name="Jonas Probe")
    client.repository.create_anbindung("10160")
    newer_server(live_server.engine, land_files(tmp_path / "land"))

    client.sync()

    session = client.session
    loaded = service.templates_of(session)
    golive = loaded.templates["golive_bestaetigung"]
    assert golive.origin == "Land" and golive.version.startswith("2.")
    assert loaded.templates["avv"].origin == "mitgeliefert"  # the Land's could not be read
    assert "{behoerde.iban}" in loaded.land_problems["avv.toml"]
    made = service.generate(session, "golive_bestaetigung", ["10160"], now=NOW, anyway=True)
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
    wrong_type = tmp_path / "avv.toml"  # the Go-Live template saved under another name
    wrong_type.write_bytes((shipped_dir() / "golive_bestaetigung.toml").read_bytes())
    with pytest.raises(BadTemplateRelease, match="typ = „avv“"):
        publish_files(None, "templates", [wrong_type], None)  # type: ignore[arg-type]
    assert load_templates()  # the shipped ones are untouched, of course


def test_the_server_reads_every_template_before_it_publishes_any(tmp_path: Path) -> None:
    """What a desktop of the same version could not use is refused at `templates import`,
    with the desktop's own message, and nothing of the release is published."""
    engine = server_engine("sqlite", tmp_path / "server", None)
    files = land_files(tmp_path / "land")
    before = releases.versions(engine).get("templates")
    with pytest.raises(BadTemplateRelease, match=r"avv.toml.*„\{behoerde.iban\}“.*nichts"):
        publish_files(engine, "templates", files, None)
    (tmp_path / "land" / "avv.toml").unlink()
    (tmp_path / "land" / "unterschriften.toml").write_text(
        "[amt]\nunterzeichner = ['buergermeister']\n", encoding="utf-8"
    )
    with pytest.raises(BadTemplateRelease, match="„unterzeichner“ von \\[amt\\]"):
        publish_files(engine, "templates", sorted((tmp_path / "land").iterdir()), None)
    golive = tmp_path / "land" / "golive_bestaetigung.toml"
    wording = golive.read_text(encoding="utf-8")
    golive.write_text(wording.replace("Go-Live", "Go-Live 🚀", 1), encoding="utf-8")
    with pytest.raises(BadTemplateRelease, match="Zeichen „🚀“ .*nicht gedruckt"):
        publish_files(engine, "templates", [golive], None)
    golive.write_text(wording + "\n[[abschnitt]\n", encoding="utf-8")
    with pytest.raises(BadTemplateRelease, match=r"kein gültiges TOML \(Fehler in Zeile \d+"):
        publish_files(engine, "templates", [golive], None)
    golive.write_text(wording, encoding="utf-8")
    assert releases.versions(engine).get("templates") == before
    (tmp_path / "land" / "unterschriften.toml").unlink()
    published = publish_files(engine, "templates", sorted((tmp_path / "land").iterdir()), None)
    assert "veröffentlicht: golive_bestaetigung.toml" in published
    engine.dispose()


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
    newer_server(live_server.engine, [*files, folder / "neu_typ.toml"])
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
    assert service.generate(session, "avv", ["10160"], now=NOW, anyway=True).path.is_file()
    client.close()


def test_another_server_brings_its_own_templates_or_none(tmp_path: Path) -> None:
    with (
        LiveServer(server_engine("sqlite", tmp_path / "alt", None)) as old,
        LiveServer(server_engine("sqlite", tmp_path / "neu", None)) as new,
    ):
        old_token = tenant_with_token(old.engine, AMT_A, "Amt")
        client = make_client("Anna", tmp_path, old.url, old_token)
        client.repository.save_profile({"ars": AMT_A, "typ": "amt", "name": "Amt Crivitz"})
        newer_server(old.engine, land_files(tmp_path / "land"))
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
