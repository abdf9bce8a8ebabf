"""Reading the documents' QR codes from a scan of returned papers: PDF and TIFF stacks,
skewed pages, pages without a code, and files that are no readable scan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from ozg_desk.app.session import Session
from ozg_desk.documents import scans, service
from ozg_desk.documents.numbering import qr_payload
from ozg_desk.documents.scans import UnreadableScan, codes_on_page, page_count
from tests.helpers.documents import NOW, demo_session, scan_of, scanned_page


@pytest.fixture(scope="module")
def papers(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    """First pages of two generated documents, as files."""
    folder = tmp_path_factory.mktemp("scans")
    with demo_session(demo_dir, folder / "amt") as session:
        yield [_make(session, "avv", ["10124"]), _make(session, "golive_bestaetigung", ["10124"])]


def _make(session: Session, typ: str, ozg_ids: list[str]) -> Path:
    return service.generate(session, typ, ozg_ids, now=NOW).path


@pytest.mark.parametrize("suffix", [".pdf", ".tif"])
def test_every_page_of_a_scanned_stack_is_read(
    papers: list[Path], tmp_path: Path, suffix: str
) -> None:
    first, second = (scanned_page(path) for path in papers)
    blank = Image.new("L", first.size, 255)
    skewed = second.rotate(3, expand=True, fillcolor=255)  # fed in slightly crooked
    scan = scan_of([first, blank, skewed.rotate(180)], tmp_path / f"stapel{suffix}")

    assert page_count(scan) == 3
    one, none, two = (codes_on_page(scan, index) for index in range(3))
    assert none == []
    assert [code.split(":")[1] for code in one + two] == [
        path.stem for path in papers
    ]  # PDFs are named by number
    assert all(code.startswith("OZGD:") for code in one + two)
    assert one == [qr_payload(papers[0].stem, one[0].split(":")[2])]


def test_a_photo_of_a_page_is_read_too(papers: list[Path], tmp_path: Path) -> None:
    photo = tmp_path / "foto.jpg"
    scanned_page(papers[0], dpi=120).save(photo, quality=70)
    assert page_count(photo) == 1
    assert [code.split(":")[1] for code in codes_on_page(photo, 0)] == [papers[0].stem]


def test_files_that_are_no_readable_scan_are_named_with_a_reason(
    papers: list[Path], tmp_path: Path
) -> None:
    fake = tmp_path / "rechnung.pdf"
    fake.write_text("kein PDF", encoding="utf-8")
    with pytest.raises(UnreadableScan, match="rechnung.pdf kann nicht geöffnet werden"):
        page_count(fake)
    word = tmp_path / "brief.docx"
    word.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableScan, match="brief.docx ist kein Scan in einem lesbaren Format"):
        page_count(word)
    broken = tmp_path / "halb.png"
    scanned_page(papers[0]).save(broken)
    broken.write_bytes(broken.read_bytes()[:2000])  # the transfer broke off
    with pytest.raises(UnreadableScan, match="halb.png ist beschädigt oder unvollständig"):
        page_count(broken)
        codes_on_page(broken, 0)
    locked = tmp_path / "gesperrt.pdf"
    with pikepdf.open(papers[0]) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="a", user="geheim"))
    with pytest.raises(UnreadableScan, match="gesperrt.pdf .*passwortgeschützt"):
        page_count(locked)
    with pytest.raises(UnreadableScan, match="fehlt.pdf kann nicht gelesen werden"):
        page_count(tmp_path / "fehlt.pdf")


def test_broken_stacks_folders_and_posters_get_a_reason(
    papers: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ordner.pdf"
    folder.mkdir()
    with pytest.raises(UnreadableScan, match="ordner.pdf ist keine Datei"):
        page_count(folder)
    stack = scan_of([scanned_page(path) for path in papers * 2], tmp_path / "stapel.tif")
    cut = tmp_path / "abgebrochen.tif"
    cut.write_bytes(stack.read_bytes()[: stack.stat().st_size * 6 // 10])
    with pytest.raises(UnreadableScan, match="abgebrochen.tif"):
        for index in range(page_count(cut)):
            codes_on_page(cut, index)
    poster = tmp_path / "plakat.pdf"
    canvas = Canvas(str(poster), pagesize=(14_000, 14_000))  # about 5 m square
    canvas.drawString(100, 100, "Plakat")
    canvas.save()
    monkeypatch.setattr(scans, "MAX_PIXELS", 4_000_000)  # rendered smaller, not in gigabytes
    assert codes_on_page(poster, 0) == []
