"""The stored PDFs for preview, printing and saving. Everything here runs on a worker thread:
reading and checking the file, and rasterising it with pdfium (imported only when needed).

pdfium is not thread-safe, not even across documents, so every call into it holds one lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QImage

from ozg_desk.app.errors import KnownError, os_reason
from ozg_desk.app.session import Session

if TYPE_CHECKING:  # the register module loads SQLAlchemy, which start-up defers
    from ozg_desk.store.register import RegisterEntry

A4_POINTS = (595.2756, 841.8898)
_PDFIUM = threading.Lock()


class DocumentFileError(KnownError):
    """The PDF of a register entry is missing, unreadable or not the one registered."""


@dataclass(frozen=True)
class PageImage:
    """One rendered page as raw RGB pixels (rows `stride` bytes apart), for the GUI thread."""

    width: int
    height: int
    stride: int
    pixels: bytes

    def to_qimage(self) -> QImage:
        image = QImage(
            self.pixels, self.width, self.height, self.stride, QImage.Format.Format_RGB888
        )
        return image.copy()  # own the pixels; `self.pixels` may go away


@dataclass(frozen=True)
class RenderedPages:
    dpi: float
    pages: tuple[PageImage, ...]
    sizes: tuple[tuple[float, float], ...]  # each page's size in points


def checked_pdf(session: Session, entry: RegisterEntry) -> Path:
    """The entry's PDF in the data directory, verified against the register's checksum."""
    from ozg_desk.documents.service import pdf_path  # noqa: PLC0415 - loads reportlab

    path = pdf_path(session, entry.nummer)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentFileError(
            f"Die PDF-Datei von {entry.nummer} liegt nicht auf diesem PC (vermutlich wurde das "
            "Dokument auf einem anderen Gerät erzeugt)."
        ) from None
    except OSError as error:
        raise DocumentFileError(
            f"Die PDF-Datei von {entry.nummer} kann nicht gelesen werden: {os_reason(error)}."
        ) from None
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise DocumentFileError(
            f"Die PDF-Datei von {entry.nummer} stimmt nicht mit dem Register überein "
            "(Prüfsumme); sie wurde nach dem Erzeugen verändert und wird nicht verwendet."
        )
    return path


def _open(path: Path) -> Any:
    import pypdfium2  # noqa: PLC0415 - only when a document is shown or printed

    try:
        return pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise DocumentFileError(f"Die PDF-Datei {path.name} ist beschädigt ({error}).") from None


def _render(pdf: Any, index: int, dpi: float, *, printing: bool) -> tuple[Any, tuple[float, float]]:
    """Opaque RGB on white (pdfium fills the bitmap white before drawing: flattened)."""
    page = pdf[index]
    try:
        size = page.get_size()
        bitmap = page.render(
            scale=dpi / 72,
            rev_byteorder=True,  # RGB, as QImage.Format_RGB888 expects
            fill_color=(255, 255, 255, 255),
            optimize_mode="print" if printing else None,
        )
    finally:
        page.close()
    return bitmap, (float(size[0]), float(size[1]))


def render_pages(path: Path, dpi: float) -> RenderedPages:
    """All pages at `dpi`, for the preview (small images)."""
    pages, sizes = [], []
    with _PDFIUM:
        pdf = _open(path)
        try:
            for index in range(len(pdf)):
                bitmap, size = _render(pdf, index, dpi, printing=False)
                try:
                    pages.append(
                        PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
                    )
                finally:
                    bitmap.close()
                sizes.append(size)
        finally:
            pdf.close()
    return RenderedPages(dpi, tuple(pages), tuple(sizes))


def page_images(path: Path, dpi: float) -> Iterator[QImage]:
    """The pages one at a time at `dpi` (for printing: a 600-dpi page is about 100 MB, so only
    one is held at a time). QImage may be built off the GUI thread; QPixmap may not."""
    with _PDFIUM:
        pdf = _open(path)
        count = len(pdf)
    try:
        for index in range(count):
            with _PDFIUM:
                bitmap, _size = _render(pdf, index, dpi, printing=True)
                try:
                    image = QImage(
                        bitmap.buffer,
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_RGB888,
                    ).copy()
                finally:
                    bitmap.close()
            yield image
    finally:
        with _PDFIUM:
            pdf.close()


def save_copy(session: Session, entry: RegisterEntry, target: Path) -> Path:
    """Copy the verified PDF to `target`, whole or not at all."""
    data = checked_pdf(session, entry).read_bytes()
    partial = target.with_name(target.name + ".teil")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise DocumentFileError(
            f"Die Datei {target} konnte nicht geschrieben werden: {os_reason(error)}."
        ) from None
    return target


def suggested_file_name(entry: RegisterEntry) -> str:
    """E.g. „2026-UXAK-0001 antrag_anbindung.pdf“; only characters every file system takes."""
    typ = re.sub(r"[^\w-]+", "_", entry.typ)
    return f"{entry.nummer} {typ}.pdf"
