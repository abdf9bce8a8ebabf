"""Test support for the paperwork: a demo Amt to generate from, and readers for PDFs that work
with pip-installed tools only (pikepdf, pypdfium2, zxing-cpp)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pikepdf
import pypdfium2
import zxingcpp
from PIL import Image

from ozg_desk.app.demo import build_demo
from ozg_desk.app.paths import DataDir, prepare_data_dir
from ozg_desk.app.reference_data import reference_dir
from ozg_desk.app.session import Session, open_session
from ozg_desk.store import open_store

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
# Every type with a selection that fits it, from the demo Amt's tracked Anbindungen.
SELECTIONS = {
    "antrag_anbindung": ["10124", "10160", "10237"],
    "antrag_testumgebung": ["10235"],
    "antrag_epayment": ["10160"],
    "avv": ["10124", "10160"],
    "anbindungsfragebogen": ["10235"],
    "ansprechpartner": [],
    "golive_bestaetigung": ["10124"],
}


def build_demo_dir(folder: Path) -> Path:
    """A data directory holding the demo Amt (built once per test session, then copied)."""
    data_dir = prepare_data_dir(folder)
    store, _ = open_store(data_dir)
    try:
        build_demo(store, reference_dir(), lambda _message: None)
    finally:
        store.close()
    return folder


@contextmanager
def demo_session(template: Path, target: Path) -> Iterator[Session]:
    shutil.copytree(template, target)
    session = open_session(DataDir(target))
    try:
        yield session
    finally:
        session.close()


def page_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def scanned_page(path: Path, page: int = 0, dpi: int = 150) -> Image.Image:
    """A page as a scanner at `dpi` sees it after printing (grey, no colour)."""
    document = pypdfium2.PdfDocument(path)
    try:
        return document[page].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def decoded_qr_codes(path: Path, page: int = 0, dpi: int = 150) -> list[str]:
    """The QR codes a scanner finds on a page printed and scanned at `dpi`."""
    return [result.text for result in zxingcpp.read_barcodes(scanned_page(path, page, dpi))]


def scan_of(pages: list[Image.Image], target: Path) -> Path:
    """What the office's multifunction printer makes of a stack of papers: one PDF (or, for a
    .tif target, one multi-page TIFF) with an image per page."""
    first, *rest = [page.convert("L") for page in pages]
    first.save(target, save_all=True, append_images=rest, resolution=150)
    return target


def unembedded_fonts(path: Path) -> list[str]:
    """Names of fonts used without an embedded font program (PDF/A forbids them)."""
    missing = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for font in fonts.values():
                descendants = font.get("/DescendantFonts")
                target = descendants[0] if descendants is not None else font
                descriptor = target.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                if not embedded:
                    missing.append(str(font.get("/BaseFont")))
    return missing
