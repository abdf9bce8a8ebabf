"""Generate every document type from the demo Amt and render its pages side by side to
docs/screenshots/dokument-<typ>.png (pdfium, so no poppler is needed)."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from ozg_desk.app.demo import build_demo
from ozg_desk.app.paths import prepare_data_dir
from ozg_desk.app.reference_data import reference_dir
from ozg_desk.app.session import open_session
from ozg_desk.documents import service
from ozg_desk.store import open_store

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SELECTIONS = {
    "antrag_anbindung": ["10124", "10160", "10237", "10235", "10026", "10244", "10019"],
    "antrag_testumgebung": ["10235", "10026"],
    "antrag_epayment": ["10160", "10124"],
    "avv": ["10124", "10160", "10237"],
    "anbindungsfragebogen": ["10235"],
    "ansprechpartner": [],
    "golive_bestaetigung": ["10124"],
}
DPI = 80


def pages_side_by_side(pdf: Path, target: Path) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = [page.render(scale=DPI / 72).to_pil() for page in document]
    finally:
        document.close()
    gap = 12
    sheet = Image.new(
        "RGB",
        (
            sum(image.width for image in images) + gap * (len(images) + 1),
            images[0].height + 2 * gap,
        ),
        (200, 200, 200),
    )
    left = gap
    for image in images:
        sheet.paste(image, (left, gap))
        left += image.width + gap
    sheet.save(target)


def main() -> int:
    moment = dt.datetime(2026, 11, 23, 10, 0).astimezone()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = prepare_data_dir(Path(folder))
        store, _ = open_store(data_dir)
        build_demo(store, reference_dir(), lambda _message: None)
        store.close()
        session = open_session(data_dir)
        try:
            OUT.mkdir(parents=True, exist_ok=True)
            for typ, selection in SELECTIONS.items():
                made = service.generate(session, typ, selection, now=moment)
                target = OUT / f"dokument-{typ}.png"
                pages_side_by_side(made.path, target)
                print(target)
        finally:
            session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
