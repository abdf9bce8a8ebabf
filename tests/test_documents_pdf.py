"""The generated papers: valid PDF/A with embedded fonts, exact text, a QR code a scanner reads,
user text that never changes the layout, signature blocks that never split."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer

from ozg_desk.app.resources import resources_dir
from ozg_desk.app.session import Session
from ozg_desk.documents import layout, service
from ozg_desk.documents.context import LEIKA_IN_TABLE
from ozg_desk.documents.numbering import qr_payload
from ozg_desk.documents.pdf.fonts import font_coverage, register_fonts
from ozg_desk.documents.render import BOTTOM, LEFT, RIGHT, TOP
from ozg_desk.domain.printable import UnprintableText, covered
from ozg_desk.store.changes import Edit
from ozg_desk.store.register import find_entry
from tests.conftest import skip_or_fail
from tests.helpers.documents import (
    NOW,
    SELECTIONS,
    decoded_qr_codes,
    demo_session,
    page_texts,
    unembedded_fonts,
)

ROOT = Path(__file__).resolve().parent.parent
NAMES = "Jörg Weiß-Müller"  # umlauts and ß in a signatory's name
NOTE = "Gebühr je Antrag 12,50 € – Größe, Übergabe, Äußerung, Öffnungszeiten"


@pytest.fixture
def session(demo_dir: Path, tmp_path: Path) -> Iterator[Session]:
    with demo_session(demo_dir, tmp_path / "amt") as opened:
        behoerde = opened.repository
        with opened.store.read() as connection:
            record = connection.execute("SELECT id FROM behoerde").fetchone()[0]
        behoerde.apply([Edit("behoerde", record, {"stellvertreter_name": NAMES})])
        yield opened


@pytest.mark.parametrize("typ", sorted(SELECTIONS))
def test_every_type_is_a_valid_pdfa_with_embedded_fonts_exact_text_and_a_readable_qr_code(
    session: Session, typ: str
) -> None:
    made = service.generate(session, typ, SELECTIONS[typ], bemerkung=NOTE, now=NOW)

    with pikepdf.open(made.path) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's own check, as `qpdf --check`
        with pdf.open_metadata() as xmp:
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        profile = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert profile == (resources_dir() / "icc" / "sRGB.icc").read_bytes()
    assert unembedded_fonts(made.path) == []
    text = "\n".join(page_texts(made.path))
    for expected in ("Amt Crivitz", "Max Mustermann", NAMES, NOTE, made.nummer):
        assert expected in text
    with session.store.read() as connection:
        entry = find_entry(connection, made.nummer)
    assert entry is not None and entry.sha256 == hashlib.sha256(made.path.read_bytes()).hexdigest()
    assert decoded_qr_codes(made.path) == [qr_payload(made.nummer, entry.pruefwert)]


@pytest.mark.parametrize("typ", sorted(SELECTIONS))
def test_qpdf_and_poppler_agree(session: Session, typ: str) -> None:
    """The command-line tools people use to check PDFs (Debian's qpdf and poppler-utils, which
    .ci/run installs; the checks above use the qpdf library through pikepdf everywhere)."""
    missing = [tool for tool in ("qpdf", "pdffonts", "pdftotext") if shutil.which(tool) is None]
    if missing:
        skip_or_fail(f"nicht installiert: {', '.join(missing)} (Debian: qpdf poppler-utils)")
    made = service.generate(session, typ, SELECTIONS[typ], bemerkung=NOTE, now=NOW)
    assert subprocess.run(["qpdf", "--check", str(made.path)], capture_output=True).returncode == 0
    fonts = subprocess.run(["pdffonts", str(made.path)], capture_output=True, text=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the "emb" column
    text = subprocess.run(["pdftotext", str(made.path), "-"], capture_output=True, text=True)
    assert NOTE in text.stdout and NAMES in text.stdout


def test_markup_and_huge_text_stay_text_and_inside_the_margins(session: Session) -> None:
    hostile = '<b>Amt</b> & <font size="40">Crivitz</font> <a href="x">'
    with session.store.read() as connection:
        record = connection.execute("SELECT id FROM behoerde").fetchone()[0]
    session.repository.apply([Edit("behoerde", record, {"name": hostile})])
    word = "Donaudampfschifffahrtsgesellschaftskapitänsmütze" * 12
    note = (f"{word} " + "Ein langer Hinweis mit <tags> & Sonderzeichen. " * 220)[:10_000]

    made = service.generate(
        session, "antrag_anbindung", ["10124", "10160"], bemerkung=note, now=NOW
    )

    lines = [
        line
        for page in page_texts(made.path)
        for line in page.splitlines()
        # without the header and footer of each page, which interrupt the note
        if "Dokument-Nr. " not in line and "· Vorlage antrag_anbindung" not in line
    ]
    text = "".join(lines).replace(" ", "")
    assert hostile.replace(" ", "") in text
    assert note.replace(" ", "") in text  # all of it, in order, as text
    document = pypdfium2.PdfDocument(made.path)
    try:
        for page in document:
            width = page.get_width()
            text_page = page.get_textpage()
            for index in range(text_page.count_chars()):
                left, _bottom, right, _top = text_page.get_charbox(index)
                assert left >= LEFT - 2 and right <= width - RIGHT + 2, "text outside the margins"
            text_page.close()
    finally:
        document.close()


def _outside_the_body(path: Path) -> list[str]:
    """Text outside the page body other than the running header and footer lines."""
    found = []
    document = pypdfium2.PdfDocument(path)
    try:
        for page in document:
            width, height = page.get_width(), page.get_height()
            text_page = page.get_textpage()
            below = text_page.get_text_bounded(0, 0, width, BOTTOM - 1).strip()
            above = text_page.get_text_bounded(0, height - TOP + 1, width, height).strip()
            for band in (below, above):
                lines = [line for line in band.splitlines() if line.strip()]
                found += [
                    line
                    for line in lines
                    if "· Vorlage " not in line and "Dokument-Nr." not in line
                ]
            text_page.close()
    finally:
        document.close()
    return found


def test_cells_longer_than_a_page_continue_inside_the_body(session: Session) -> None:
    # 10069 has 318 LeiKa keys; a user template puts a 10,000-character note in a table row.
    with session.store.read() as connection:
        keys = [
            row[0]
            for row in connection.execute(
                "SELECT schluessel FROM leika_leistung "
                "WHERE ozg_id = '10069' AND schluessel IS NOT NULL"
            )
        ]
    assert len(keys) > 300
    many = service.generate(session, "antrag_anbindung", ["10069", "10160"], now=NOW, anyway=True)
    text = "".join(page_texts(many.path)).replace("\r", "").replace("\n", " ")
    shown = LEIKA_IN_TABLE - 1
    assert f"und {len(keys) - shown} weitere (siehe Anlage)" in text and ANNEX in text
    assert f"({len(keys)} Schlüssel)" in text
    assert all(key in text for key in keys)

    own = session.data_dir.templates
    own.mkdir()
    avv = (resources_dir() / "templates" / "avv.toml").read_text(encoding="utf-8")
    row = '["Unterauftragsverarbeiter", ""],'
    avv = avv.replace(row, row + '\n    ["Bemerkung", "{dokument.bemerkung}"],')
    (own / "avv.toml").write_text(avv, encoding="utf-8")
    note = ("Ein Hinweis mit Umlauten äöüß und € und <Zeichen> & mehr. " * 200)[:10_000]
    tall = service.generate(session, "avv", ["10124"], bemerkung=note, now=NOW)

    for made in (many, tall):
        assert _outside_the_body(made.path) == []


ANNEX = "Anlage: LeiKa-Schlüssel"


def _pages_with(path: Path, needle: str) -> list[int]:
    return [number for number, text in enumerate(page_texts(path)) if needle in text]


def test_signature_block_moves_whole_and_table_headers_repeat(session: Session) -> None:
    with session.store.read() as connection:
        untracked = connection.execute(
            "SELECT ozg_id FROM ozg_leistung WHERE ozg_id NOT IN (SELECT ozg_id FROM anbindung) "
            "ORDER BY ozg_id LIMIT 20"
        ).fetchall()
    for (ozg_id,) in untracked:
        session.repository.create_anbindung(ozg_id)
    with session.store.read() as connection:
        tracked = [row[0] for row in connection.execute("SELECT ozg_id FROM anbindung")]
    assert len(tracked) >= 30
    moved = False
    for count in range(8, 31, 2):  # crosses the page boundary for the signature block
        made = service.generate(session, "antrag_anbindung", tracked[:count], now=NOW, anyway=True)
        place, seal = _pages_with(made.path, "Ort, Datum"), _pages_with(made.path, "Dienstsiegel")
        signers = _pages_with(made.path, "Max Mustermann")
        assert len(place) == 1 and place == seal == [p for p in signers if p >= place[0]][:1]
        texts = page_texts(made.path)
        annex = next((n for n, text in enumerate(texts) if ANNEX in text), len(texts))
        table_pages = {  # not the annex of long LeiKa lists, which follows the signatures
            number
            for number, text in enumerate(texts[: annex + 1])
            if any(ozg_id in text.split(ANNEX)[0] for ozg_id in tracked[:count])
        }
        for number in table_pages:
            assert "LeiKa-Schlüssel" in texts[number]  # the header repeats
        moved |= place[0] > max(table_pages)
    assert moved, "no case put the signature block on a page after the table"


def test_identical_input_gives_identical_bytes(session: Session, tmp_path: Path) -> None:
    first = service.generate(session, "avv", ["10124"], now=NOW)
    shutil.copy(first.path, tmp_path / "first.pdf")
    # The same document again: rewind its number, so the input really is identical.
    with session.store.write() as connection:
        connection.exec_driver_sql("DELETE FROM dokument")
        connection.exec_driver_sql(
            "UPDATE meta SET value = '0' WHERE key LIKE 'documents_sequence_%'"
        )
    first.path.unlink()
    second = service.generate(session, "avv", ["10124"], now=NOW)
    assert second.nummer == first.nummer
    assert second.path.read_bytes() == (tmp_path / "first.pdf").read_bytes()


def test_the_same_input_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    """No hash seed, time zone or clock may leak into the file."""
    script = (
        "import sys\n"
        "from benchmarks.pdf_documents import _context\n"
        "from ozg_desk.documents.render import render_document\n"
        "from ozg_desk.documents.templates import load_signature_rules, load_templates\n"
        "pdf = render_document(load_templates()['antrag_anbindung'], _context(),"
        " load_signature_rules())\n"
        "open(sys.argv[1], 'wb').write(pdf)\n"
    )
    outputs = []
    for number, (seed, zone) in enumerate((("1", "UTC"), ("4242", "America/New_York"))):
        out = tmp_path / f"{number}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        env.pop("SOURCE_DATE_EPOCH", None)
        if number:  # reportlab would take its dates from here
            env["SOURCE_DATE_EPOCH"] = "1000000000"
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=ROOT)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def _overlaps_in_band(path: Path, right_text: str, bottom: float, top: float) -> list[str]:
    """Characters in the band [bottom, top] that reach into the right-aligned `right_text`
    (`{page}` in it stands for the page number)."""
    found = []
    document = pypdfium2.PdfDocument(path)
    try:
        for number, page in enumerate(document, start=1):
            text_page = page.get_textpage()
            full = text_page.get_text_range()
            start = full.find(right_text.format(page=number))
            assert start >= 0, f"„{right_text}“ fehlt"
            limit = text_page.get_charbox(start)[0]
            for index in range(text_page.count_chars()):
                left, low, right, high = text_page.get_charbox(index)
                if low >= bottom and high <= top and left < limit and right > limit + 0.5:
                    found.append(full[index])
            text_page.close()
    finally:
        document.close()
    return found


def test_long_names_and_titles_give_way_in_header_and_footer(session: Session) -> None:
    with session.store.read() as connection:
        record = connection.execute("SELECT id FROM behoerde").fetchone()[0]
    name = "Amt " + "Sehr-Langer-Name-der-Verwaltungsgemeinschaft " * 4
    session.repository.apply([Edit("behoerde", record, {"name": name.strip()})])
    own = session.data_dir.templates
    own.mkdir()
    avv = (resources_dir() / "templates" / "avv.toml").read_text(encoding="utf-8")
    title = "Vereinbarung über die Auftragsverarbeitung " * 4 + "Ende"
    avv = avv.replace(
        'titel = "Vereinbarung zur Auftragsverarbeitung nach Art. 28 DSGVO"', f'titel = "{title}"'
    )
    (own / "avv.toml").write_text(avv, encoding="utf-8")

    made = service.generate(session, "avv", ["10124"], now=NOW)
    with session.store.read() as connection:
        entry = find_entry(connection, made.nummer)
    assert entry is not None
    height = 842.0
    assert _overlaps_in_band(made.path, f"Dokument-Nr. {made.nummer}", height - 60, height) == []
    assert _overlaps_in_band(made.path, "Seite {page} von", 0, 50) == []
    footer = page_texts(made.path)[0]
    assert f"Vorlage avv {entry.vorlage_version}" in footer  # the version is never cut off


def test_a_character_the_font_lacks_is_named_and_nothing_is_made(session: Session) -> None:
    with session.store.read() as connection:
        record = connection.execute("SELECT id FROM behoerde").fetchone()[0]
    session.repository.apply([Edit("behoerde", record, {"name": "Amt Crivitz 🏛"})])
    with pytest.raises(UnprintableText, match=r"„🏛“ \(U\+1F3DB\) in „Amt Crivitz 🏛 Amtsstr"):
        service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    session.repository.apply([Edit("behoerde", record, {"name": "Amt Crivitz – Łęczyca ß €"})])
    with pytest.raises(UnprintableText, match=r"\(U\+0007\) in „Bitte"):
        service.generate(session, "avv", ["10124"], bemerkung="Bitte\x07 prüfen", now=NOW)
    with session.store.read() as connection:
        assert connection.execute("SELECT count(*) FROM dokument").fetchone()[0] == 0
    made = service.generate(session, "golive_bestaetigung", ["10124"], now=NOW)
    assert "Amt Crivitz – Łęczyca ß €" in page_texts(made.path)[0]
    # What Word pastes is printed as seen: tabs as spaces, soft hyphens and zero-width gone.
    pasted = "Bitte\tbis Monats\u00adende\u200b zurück\ufeff"
    made = service.generate(session, "avv", ["10124"], bemerkung=pasted, now=NOW)
    assert "Bitte bis Monatsende zurück" in "".join(page_texts(made.path))


@pytest.mark.parametrize("longest_word", [12, 80], ids=["lines", "word_wider_than_column"])
def test_table_text_keeps_clear_of_the_cell_rules(tmp_path: Path, longest_word: int) -> None:
    """Words of every length, so some line nearly fills its column; a word wider than the
    column is broken by the paragraph layout instead."""
    register_fonts()
    widths = [30 * mm, 45 * mm]
    words = " ".join("Gebührenbescheid"[: 1 + n * 7 % 16] for n in range(60))
    rows = [["1", words[start:] + " " + "x" * longest_word] for start in range(0, 60)]
    table = layout.grid_table(["Nr.", "Leistung"], rows, widths)
    path = tmp_path / "table.pdf"
    canvas = Canvas(str(path), pagesize=(sum(widths) + 20, 4000))
    _width, height = table.wrapOn(canvas, sum(widths), 4000)
    table.drawOn(canvas, 10, 4000 - height - 10)
    canvas.save()

    document = pypdfium2.PdfDocument(path)
    try:
        text_page = document[0].get_textpage()
        right_edges = [
            text_page.get_charbox(index)[2]
            for index in range(text_page.count_chars())
            if text_page.get_charbox(index)[0] > 10 + widths[0]  # the second column
        ]
        text_page.close()
    finally:
        document.close()
    assert len(right_edges) > 1000
    assert max(right_edges) <= 10 + sum(widths) - 2  # the padding of 3 pt, less the glyph bearing


def test_a_contacts_second_line_stays_with_its_name_across_a_page_break(tmp_path: Path) -> None:
    register_fonts()
    rows = [("fachlich", "Sabine Köhler"), ("", "Tel. 21"), ("technisch", "Jörg Weiß")]
    rows += [("", "Tel. 03863 5450-40"), ("", "j.weiss@amt-crivitz.example"), ("Leer", "")]
    moved = False
    for room in range(540, 684, 4):  # the page break falls before, inside and after the rows
        path = tmp_path / f"{room}.pdf"
        SimpleDocTemplate(str(path), pagesize=A4).build(
            [Spacer(1, room), layout.details_table(rows)]
        )
        pages = page_texts(path)
        name = [number for number, text in enumerate(pages) if "Jörg Weiß" in text]
        assert name == [n for n, text in enumerate(pages) if "Tel. 03863 5450-40" in text]
        assert name == [n for n, text in enumerate(pages) if "j.weiss@" in text]
        moved |= name == [1] and "Sabine" in pages[0]
    assert moved, "no case broke the table between the two contacts"


def test_a_table_row_longer_than_a_page_continues_with_every_character(session: Session) -> None:
    """A user template puts the note into a narrow table column: a 10,000-character note and a
    word of 3,000 characters run over several pages, in order, inside the body, under the
    repeated header."""
    own = session.data_dir.templates
    own.mkdir()
    avv = (resources_dir() / "templates" / "avv.toml").read_text(encoding="utf-8")
    avv = avv.replace(
        '[[abschnitt]]\nart = "unterschriften"',
        '[[abschnitt]]\nart = "tabelle"\nueberschrift = "Hinweise"\n'
        'spalten = ["Nr.", "Hinweis", "Erledigt"]\nbreiten = [10, 20, 10]\n'
        'zeilen = [["1", "{dokument.bemerkung}", ""]]\n\n'
        '[[abschnitt]]\nart = "unterschriften"',
    )
    remark = '[[abschnitt]]\nart = "text"\nueberschrift = "Bemerkungen"\n'
    remark += 'wenn = "dokument.bemerkung"\ntext = "{dokument.bemerkung}"\n'
    assert "Hinweise" in avv and remark in avv
    avv = avv.replace(remark, "")  # the note only in the table
    (own / "avv.toml").write_text(avv, encoding="utf-8")
    word = "Verwaltungsdigitalisierungsbeschleunigung" * 75
    note = ("Äußerung zur Gebühr (12,50 €) & <Zeichen>. " * 240)[: 10_000 - len(word)] + word

    made = service.generate(session, "avv", ["10124"], bemerkung=note, now=NOW)

    texts = page_texts(made.path)
    body = "".join(
        line
        for text in texts
        for line in text.splitlines()
        if "Dokument-Nr. " not in line
        and "· Vorlage avv" not in line
        and line.strip() != "Nr. Hinweis Erledigt"  # the header repeated on each page
    )
    assert note.replace(" ", "") in body.replace(" ", "").replace("\r", "")
    table_pages = [text for text in texts if "Verwaltungsdigitalisierung" in text]
    assert len(table_pages) >= 2 and all("Erledigt" in text for text in table_pages)
    assert _outside_the_body(made.path) == []


def test_long_continuation_rows_still_flow_over_pages(tmp_path: Path) -> None:
    """Keeping a continuation row with its label must not make a long one unbreakable."""
    register_fonts()
    note = ("Ein langer Hinweis über mehrere Seiten, Größe € & <b>. " * 170)[:9000]
    rows = [("Bemerkung", "siehe unten"), ("", note), ("Punkte", "1")]
    rows += [("", f"Punkt {number}") for number in range(2, 82)]
    path = tmp_path / "long.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([layout.details_table(rows)])
    text = "".join(page_texts(path)).replace("\r", "").replace("\n", " ")
    assert note.replace(" ", "") in text.replace(" ", "")
    assert "Punkt 81" in text


def test_cell_lines_keep_non_breaking_spaces_and_drop_empty_ends() -> None:
    register_fonts()
    lines = layout.cell_lines("Die Gebühr beträgt 10\u00a0000\u00a0€ im Jahr", 30 * mm)
    assert any("10\u00a0000\u00a0€" in line for line in lines)
    assert layout.cell_lines("\r\nName\r\nTelefon\r\n\r\n", 60 * mm) == ["Name", "Telefon"]
    assert layout.cell_lines("   ", 60 * mm) == [""]


def test_the_list_of_printable_characters_matches_the_fonts() -> None:
    """resources/fonts/coverage.txt (read by the server, which loads no font) must say what
    the shipped fonts contain: after a font update run `python -m scripts.font_coverage`."""
    assert covered() == font_coverage()
    assert {"ä", "ß", "€", "\u00a0", "–", "„"} <= covered() and "🏛" not in covered()
