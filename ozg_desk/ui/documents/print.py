"""Printing a stored document at exactly 100 %.

Printer drivers and PDF viewers like to "fit to page", which shrinks a form by a few per cent
and can make the QR code and the signature fields land off their marks. So OZG-Desk prints
itself: pdfium renders each page at the printer's resolution (at most 600 dpi) and the image is
painted from the paper's top-left corner with the printer in full-page mode, 1:1 in device
pixels (scaled up only where the printer resolves finer than 600 dpi).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from ozg_desk.app.errors import KnownError
from ozg_desk.ui.documents.pdf import page_images

MAX_PRINT_DPI = 600
ImagesProvider = Callable[[Path, float], Iterable[QImage]]


class PrintFailed(KnownError):
    """The print job could not be started or completed."""


def prepare_printer(printer: QPrinter, name: str) -> None:
    """A4 portrait, full page (no margins that shift the page), named after the document."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    printer.setDocName(name)


def new_printer(name: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, name)
    return printer


def choose_printer(parent: QWidget, name: str) -> QPrinter | None:
    """The system's print dialog; None when the user cancelled."""
    printer = new_printer(name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Drucken – {name}")
    dialog.setAccessibleName("Drucken")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not accepted:
        return None
    printer.setFullPage(True)  # whatever the dialog offered: the page is placed by us
    return printer


def paper_problem(printer: QPrinter) -> str | None:
    """Why this printer setting cannot give the A4 page at original size, or None."""
    size = printer.pageLayout().pageSize()
    if size.id() == QPageSize.PageSizeId.A4:
        return None
    return (
        f"Im Druckdialog ist das Papierformat „{size.name()}“ gewählt. Die Unterlagen sind A4 und "
        "werden nur in Originalgröße gedruckt (nie verkleinert); bitte A4 wählen."
    )


def print_pdf(path: Path, printer: QPrinter, images_provider: ImagesProvider = page_images) -> int:
    """Paint the pages of the PDF at `path` onto `printer` at 100 %; return how many.

    May run on a worker thread: Qt allows QPainter on a QPrinter and on QImage there (not on
    widgets or pixmaps). A page range chosen in the print dialog is honoured; copies are left
    to the printer where it can make them.
    """
    printer.setFullPage(True)
    resolution = printer.resolution()
    dpi = min(resolution, MAX_PRINT_DPI)
    scale = resolution / dpi
    first, last = 1, sys.maxsize
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or sys.maxsize
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            "Der Drucker lässt sich nicht ansprechen (eingeschaltet, verbunden, Papier?)."
        )
    printed = 0
    try:
        for _copy in range(copies):
            images = images_provider(path, dpi)
            try:
                for number, image in enumerate(images, 1):
                    if not first <= number <= last:
                        continue
                    if printed and not printer.newPage():
                        raise PrintFailed("Der Drucker hat keine neue Seite angenommen.")
                    # (0, 0) is the paper's corner in full-page mode; one image pixel covers
                    # `scale` device pixels, so the page keeps its size in millimetres.
                    target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                    painter.drawImage(target, image)
                    printed += 1
            finally:
                _close(images)
        if printed == 0:
            raise PrintFailed("Im gewählten Seitenbereich liegt keine Seite des Dokuments.")
    except BaseException:
        printer.abort()
        raise
    finally:
        painter.end()
    return printed


def _close(images: Iterable[QImage]) -> None:
    """Close a generator at once when printing stops early (it holds the open PDF)."""
    close = getattr(images, "close", None)
    if close is not None:
        close()
