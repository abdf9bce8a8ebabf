"""The document register and templates: numbers, states, "Rücklauf erfassen", template
versions, bad templates, and the command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ozg_desk.app.session import Session
from ozg_desk.documents import service
from ozg_desk.documents.numbering import normalize_number, parse_qr_payload, qr_payload
from ozg_desk.documents.render import NotFillable
from ozg_desk.documents.templates import BadTemplate, load_templates, parse_template, shipped_dir
from ozg_desk.documents.templates.copies import choices, customize
from ozg_desk.domain.documents import advance
from ozg_desk.domain.errors import DomainError
from ozg_desk.store import meta
from ozg_desk.store.register import (
    RegisterEntry,
    advance_document,
    find_entry,
    register_entries,
)
from tests.helpers.documents import NOW, decoded_qr_codes, demo_session, page_texts

DAY = dt.date(2026, 11, 30)
TODAY = dt.date(2026, 12, 31)  # the tests' "today", after every date they record


@pytest.fixture
def session(demo_dir: Path, tmp_path: Path) -> Iterator[Session]:
    with demo_session(demo_dir, tmp_path / "amt") as opened:
        yield opened


def states(session: Session, nummer: str) -> tuple[str, dict[str, str | None]]:
    with session.store.read() as connection:
        entry = find_entry(connection, nummer)
    assert entry is not None
    return entry.zustand, {state: date for state, date in entry.dates.items() if date}


def test_numbers_follow_each_other_and_a_refused_document_takes_none(session: Session) -> None:
    first = service.generate(session, "antrag_anbindung", ["10124"], now=NOW)
    with pytest.raises(NotFillable, match="genau eine Leistung"):
        service.generate(session, "golive_bestaetigung", ["10124", "10160"], now=NOW)
    second = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    year, device, number = first.nummer.split("-")
    assert second.nummer == f"{year}-{device}-{int(number) + 1:04d}"
    assert sorted(path.name for path in session.data_dir.documents.iterdir()) == [
        f"{first.nummer}.pdf",
        f"{second.nummer}.pdf",
    ]
    with session.store.read() as connection:
        assert [entry.nummer for entry in register_entries(connection)] == [
            second.nummer,
            first.nummer,
        ]


def test_the_register_moves_forward_only_and_records_the_return(session: Session) -> None:
    made = service.generate(session, "avv", ["10124"], now=NOW)
    assert states(session, made.nummer) == ("erzeugt", {})

    def step(nummer: str, state: str, day: dt.date) -> None:
        advance_document(session.repository, nummer, state, day, today=TODAY)

    step(made.nummer, "gedruckt", DAY)
    typed = normalize_number(" " + made.nummer.lower().replace("-", " - ") + " ")
    assert typed == made.nummer  # "Rücklauf erfassen" takes the number as people type it
    step(typed, "unterschrieben", DAY + dt.timedelta(days=3))
    assert states(session, made.nummer) == (
        "unterschrieben",
        {"gedruckt": "2026-11-30", "unterschrieben": "2026-12-03"},
    )
    with pytest.raises(DomainError, match="bereits „unterschrieben zurück“"):
        step(made.nummer, "gedruckt", DAY)
    # A record of facts: not before the last step, not in the future.
    with pytest.raises(DomainError, match=r"vor dem letzten Schritt des Dokuments \(03.12.2026\)"):
        step(made.nummer, "versandt", DAY)
    with pytest.raises(DomainError, match="in der Zukunft"):
        step(made.nummer, "versandt", TODAY + dt.timedelta(days=1))
    step(made.nummer, "bestaetigt", DAY + dt.timedelta(days=5))  # sending unrecorded
    assert states(session, made.nummer)[0] == "bestaetigt"
    with pytest.raises(DomainError, match="nicht im Register"):
        step("2026-AAAA-9999", "gedruckt", DAY)

    fresh = service.generate(session, "avv", ["10124"], now=NOW)
    with pytest.raises(DomainError, match=r"letzten Schritt des Dokuments \(23.11.2026\)"):
        step(fresh.nummer, "gedruckt", NOW.date() - dt.timedelta(days=1))  # before it was made


def test_the_scanned_code_finds_the_document_and_proves_it(session: Session) -> None:
    made = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    (scanned,) = decoded_qr_codes(made.path)
    parsed = parse_qr_payload(scanned)
    assert parsed is not None
    with session.store.read() as connection:
        entry = find_entry(connection, parsed[0])
    assert entry is not None and entry.pruefwert == parsed[1]
    assert qr_payload(entry.nummer, entry.pruefwert) == scanned
    assert parse_qr_payload("https://example.org/OZGD:2026-AAAA-0001:X") is None


def test_a_changed_template_is_a_new_version_and_old_documents_stay(session: Session) -> None:
    before = service.generate(session, "avv", ["10124"], now=NOW)
    old_bytes = before.path.read_bytes()
    session.data_dir.templates.mkdir()
    own = session.data_dir.templates / "avv.toml"
    text = (shipped_dir() / "avv.toml").read_text(encoding="utf-8")
    own.write_text(text.replace("§ 5 Weisungen", "§ 5 Weisungen des Amtes"), encoding="utf-8")

    after = service.generate(session, "avv", ["10124"], now=NOW)

    with session.store.read() as connection:
        old_entry, new_entry = (
            find_entry(connection, before.nummer),
            find_entry(connection, after.nummer),
        )
    assert old_entry is not None and new_entry is not None
    assert old_entry.vorlage_version != new_entry.vorlage_version
    assert new_entry.vorlage_version.startswith("1.")  # same declared version, new digest
    assert before.path.read_bytes() == old_bytes  # the earlier paper is untouched
    assert old_entry.sha256 == hashlib.sha256(old_bytes).hexdigest()


HEAD = "typ='avv'\ntitel='X'\n"
TEXT = "[[abschnitt]]\nart='text'\ntext='a'\n"
WIDE = "[[abschnitt]]\nart='tabelle'\nspalten=[" + "'S'," * 9 + "]\nzeilen=[[" + "''," * 9 + "]]\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("typ = 'avv'\nversion = 1\n[[abschnitt]\n", "kein gültiges TOML"),
        (
            "typ='avv'\ntitel='X'\nversion=1\n[[abschnitt]]\nart='text'\ntext='{behoerde.iban}'\n",
            "unbekannter Platzhalter „{behoerde.iban}“",
        ),
        ("typ='avv'\ntitel='X'\nversion=0\n[[abschnitt]]\nart='text'\ntext='a'\n", "version"),
        ("typ = \n", "kein gültiges TOML (Fehler in Zeile 1, Spalte 7)"),
        ("typ='avv'\nx=" + "[" * 5000 + "]" * 5000 + "\n", "unplausibel tief verschachtelt"),
        (HEAD + "version=10000\n" + TEXT, "von 1 bis 9999"),
        ("typ='../x'\ntitel='X'\nversion=1\n" + TEXT, "nur Kleinbuchstaben"),
        (HEAD + "version=1\n" + WIDE, "1 bis 8 „spalten“"),
        (
            HEAD + "version=1\n" + TEXT.replace("[[abschnitt]]", "[abschnitt]"),
            "keinen [[abschnitt]]",
        ),
    ],
)
def test_a_bad_own_template_is_named_with_its_problem(
    session: Session, text: str, message: str
) -> None:
    session.data_dir.templates.mkdir()
    (session.data_dir.templates / "avv.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BadTemplate, match="avv.toml") as refused:
        load_templates(session.data_dir.templates)
    assert message in str(refused.value)


def test_command_line_lists_types_and_generates(session: Session, tmp_path: Path) -> None:
    root = str(session.data_dir.root)
    session.close()
    command = [sys.executable, "-m", "ozg_desk", "--data-dir", root, "documents"]
    listed = subprocess.run([*command, "types"], capture_output=True, text=True, check=True)
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(
        load_templates().keys()
    )  # one per line, identifier first
    out = tmp_path / "antrag.pdf"
    selection = ["--ozg-id", "10124", "10160"]
    made = subprocess.run(
        [*command, "generate", "--type", "antrag_anbindung", *selection, "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    refused = subprocess.run(
        [*command, "generate", "--type", "gibtsnicht", "--out", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "Unbekannter Dokumenttyp" in refused.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_own_copy_of_a_template_is_used_kept_and_versioned_by_its_wording(
    session: Session,
) -> None:
    own_dir = session.data_dir.templates
    copy = customize("avv", own_dir)
    assert copy == own_dir / "avv.toml" and copy.read_text(encoding="utf-8").startswith("#")
    shipped, own = load_templates()["avv"], load_templates(own_dir)["avv"]
    assert own.source == copy
    assert own.version == shipped.version  # an explanatory comment is not a new wording

    copy.write_text(
        copy.read_text(encoding="utf-8").replace("§ 5 Weisungen", "§ 5 Weisungen des Amtes"),
        encoding="utf-8",
    )
    assert customize("avv", own_dir) == copy  # asking again never overwrites the user's work
    assert "Weisungen des Amtes" in copy.read_text(encoding="utf-8")
    made = service.generate(session, "avv", ["10124"], now=NOW)
    with session.store.read() as connection:
        entry = find_entry(connection, made.nummer)
    assert entry is not None and not entry.vorlage_version.startswith(shipped.version)
    assert entry.vorlage_version.startswith(load_templates(own_dir)["avv"].version + ".")

    assert [c.typ for c in choices(own_dir) if c.customized] == ["avv"]
    customize("unterschriften", own_dir)
    assert (own_dir / "unterschriften.toml").is_file()
    assert "{kontakt.technisch}" in (own_dir / "README.md").read_text(encoding="utf-8")
    with pytest.raises(DomainError, match="kein Dokumenttyp"):
        customize("../../etc/passwd", own_dir)


def test_command_line_copies_a_template_and_marks_it_in_the_list(session: Session) -> None:
    root = str(session.data_dir.root)
    session.close()
    command = [sys.executable, "-m", "ozg_desk", "--data-dir", root, "documents"]
    copied = subprocess.run([*command, "customize", "golive_bestaetigung"], capture_output=True)
    assert copied.returncode == 0, copied.stderr
    assert "golive_bestaetigung.toml" in copied.stdout.decode("utf-8")
    listed = subprocess.run([*command, "types"], capture_output=True, check=True)
    marked = [
        line.split("\t")[0]
        for line in listed.stdout.decode("utf-8").splitlines()
        if line.endswith("(angepasste Vorlage)")
    ]
    assert marked == ["golive_bestaetigung"]


def test_a_copy_named_other_than_its_type_is_named_and_not_used(session: Session) -> None:
    own_dir = session.data_dir.templates
    own_dir.mkdir()
    text = (shipped_dir() / "avv.toml").read_text(encoding="utf-8")
    (own_dir / "meine_avv.toml").write_text(text.replace("§ 5 Weisungen", "§ 5 X"), "utf-8")
    loaded = service.templates_of(session)
    assert "muss avv.toml heißen" in loaded.problems["meine_avv"]
    assert loaded.templates["avv"].source.parent == shipped_dir()


def test_a_broken_copy_blocks_only_its_own_type(session: Session) -> None:
    own_dir = session.data_dir.templates
    own_dir.mkdir()
    (own_dir / "avv.toml").write_text("typ = 'avv'\nversion = 1\n[[abschnitt]\n", encoding="utf-8")

    loaded = service.templates_of(session)
    assert "avv" not in loaded.templates  # never silently the shipped wording instead
    assert "avv.toml" in loaded.problems["avv"]
    with pytest.raises(BadTemplate, match="nicht erzeugen"):
        service.generate(session, "avv", ["10124"], now=NOW)
    assert service.generate(session, "golive_bestaetigung", ["10124"], now=NOW).path.is_file()
    assert [c.problem is not None for c in choices(own_dir) if c.typ == "avv"] == [True]


def test_a_lagging_counter_skips_the_numbers_already_taken(session: Session) -> None:
    first = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    second = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    with session.store.write() as connection:  # as after restoring an older database
        meta.put(connection, meta.DOCUMENTS_SEQUENCE.format(year=NOW.year), "0")
    year, device, _ = first.nummer.split("-")
    stray = session.data_dir.documents / f"{year}-{device}-0003.pdf"
    stray.write_bytes(b"%PDF- not ours")  # a file without a register entry is not replaced

    third = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)

    assert third.nummer == f"{year}-{device}-0004"
    assert stray.read_bytes() == b"%PDF- not ours"
    assert {first.nummer, second.nummer, third.nummer} == {
        entry.nummer for entry in _register(session)
    }


def _register(session: Session) -> list[RegisterEntry]:
    with session.store.read() as connection:
        return register_entries(connection)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[amt]\nunterzeichner=[['lvb']]\n", "„unterzeichner“ von [amt] muss aus"),
        ("[amt]\nunterzeichner=['lvb']\nsiegel='nein'\n", "true oder false"),
    ],
)
def test_bad_signature_rules_are_named_and_nothing_is_made(
    session: Session, text: str, message: str
) -> None:
    session.data_dir.templates.mkdir()
    (session.data_dir.templates / "unterschriften.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BadTemplate, match=re.escape(message)):
        service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    assert _register(session) == []


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="Zeitzone nur unter POSIX umstellbar")
def test_the_day_a_document_was_made_is_this_pcs_calendar_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Made just after midnight on a PC two hours ahead: 1 March on a PC in Berlin (UTC+1).
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        values = {"zustand": "erzeugt", "erstellt_am": "2026-03-02T00:30:00+02:00"}
        moved = advance(values, "gedruckt", dt.date(2026, 3, 1), dt.date(2026, 3, 5))
        assert moved == {"zustand": "gedruckt", "gedruckt_am": "2026-03-01"}
        with pytest.raises(DomainError, match="letzten Schritt"):
            advance(values, "gedruckt", dt.date(2026, 2, 28), dt.date(2026, 3, 5))
    finally:
        monkeypatch.undo()
        time.tzset()


def test_changed_signature_rules_are_a_new_template_version(session: Session) -> None:
    before = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    rules = customize("unterschriften", session.data_dir.templates)
    text = rules.read_text(encoding="utf-8")
    amt = '[amt]\nunterzeichner = ["amtsvorsteher", "stellvertreter"]\nsiegel = true'
    assert amt in text
    rules.write_text(text.replace(amt, amt.replace("true", "false")), encoding="utf-8")
    after = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    with session.store.read() as connection:
        old, new = find_entry(connection, before.nummer), find_entry(connection, after.nummer)
    assert old is not None and new is not None
    wording = load_templates()["golive_bestaetigung"].version
    assert old.vorlage_version.startswith(wording + ".")
    assert new.vorlage_version.startswith(wording + ".")  # the same wording …
    assert new.vorlage_version != old.vorlage_version  # … but other signature rules
    assert "Dienstsiegel" not in "".join(page_texts(after.path))
    assert f"Vorlage golive_bestaetigung {new.vorlage_version}" in page_texts(after.path)[0]


def test_a_paper_that_does_not_fit_its_records_is_made_only_when_asked_to(
    session: Session, tmp_path: Path
) -> None:
    """A Go-Live-Bestätigung for a service not even tracked would confirm a test that never
    happened: refused with the reason (exit 2); `--trotzdem` makes it deliberately."""
    root = str(session.data_dir.root)
    session.close()
    command = [sys.executable, "-m", "ozg_desk", "--data-dir", root, "documents", "generate"]
    out = tmp_path / "golive.pdf"
    golive = ["--type", "golive_bestaetigung", "--out", str(out)]
    refused = subprocess.run(
        [*command, *golive, "--ozg-id", "10069"], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "10069 Zulassung für reglementierte Berufe ist nicht erfasst" in refused.stderr
    assert "„Go-live-Datum“, „Empfangskanal“" in refused.stderr and "--trotzdem" in refused.stderr
    assert not out.exists()
    anyway = subprocess.run(
        [*command, *golive, "--ozg-id", "10069", "--trotzdem"], capture_output=True, text=True
    )
    assert anyway.returncode == 0, anyway.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    fitting = subprocess.run(  # online, with its go-live date and channel: no question asked
        [*command, *golive, "--ozg-id", "10124"], capture_output=True, text=True
    )
    assert fitting.returncode == 0, fitting.stderr


def test_templates_state_the_statuses_and_fields_they_fit() -> None:
    templates = load_templates()
    assert templates["golive_bestaetigung"].statuses == ("test", "golive_geplant", "online")
    assert templates["golive_bestaetigung"].needs == ("golive_datum", "empfangskanal")
    assert templates["ansprechpartner"].statuses == ()  # about the Behörde, not a service
    with pytest.raises(BadTemplate, match="Unbekanntes: fertig"):
        parse_template(
            "x.toml",
            b'typ = "x"\ntitel = "X"\nversion = 1\npasst_zu_status = ["fertig"]\n'
            b'[[abschnitt]]\nart = "text"\ntext = "a"\n',
            Path("x.toml"),
            origin="eigene",
        )
