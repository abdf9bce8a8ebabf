"""The documents' QR codes read from a scan of the papers that came back signed: a PDF from
the office's multifunction printer, or PNG, JPEG and TIFF images (several pages in one TIFF).

Each page is rendered (pypdfium2) or opened (Pillow) and searched with zxing-cpp, one page per
call, so the caller can show progress and stop between pages. What a code means is decided
by the caller against the register (numbering.parse_qr_payload, the check value).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image

from ozg_desk.app.errors import KnownError, os_reason

DPI = 200  # the codes decode from 150 dpi; a little more for creased or skewed paper
MAX_PAGES = 500
MAX_BYTES = 500 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUFFIXES = (".pdf", *IMAGE_SUFFIXES)
# A page of A4 at 600 dpi has 35 million pixels; far more is no scan but a decompression bomb.
MAX_PIXELS = 120_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class UnreadableScan(KnownError):
    """The file is no scan this program can read; the message names it and why."""


def page_count(path: Path) -> int:
    """The pages (or TIFF frames) of a scan; UnreadableScan if it cannot be read."""
    _check_file(path)
    if path.suffix.lower() == ".pdf":
        document = _open_pdf(path)
        try:
            count = len(document)
        finally:
            document.close()
    else:
        with _open_image(path) as image, _pillow_errors(path):
            count = getattr(image, "n_frames", 1)
    if count > MAX_PAGES:
        raise UnreadableScan(f"{path.name} hat {count} Seiten; höchstens {MAX_PAGES} je Datei.")
    if count == 0:
        raise UnreadableScan(f"{path.name} enthält keine Seite.")
    return count


def codes_on_page(path: Path, index: int) -> list[str]:
    """The texts of all codes on page `index` (0-based) of the scan."""
    if path.suffix.lower() != ".pdf":
        with _open_image(path) as opened, _pillow_errors(path):
            opened.seek(index)
            grey = opened.convert("L")
        return _codes(grey)
    document = _open_pdf(path)
    try:
        page = document[index]
        try:
            width, height = page.get_size()
            # A poster-sized page would need gigabytes at scan resolution: fewer dots for it.
            scale = min(DPI / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
            image = page.render(scale=scale, grayscale=True).to_pil()
        finally:
            page.close()
    except (pypdfium2.PdfiumError, MemoryError):
        raise UnreadableScan(f"Seite {index + 1} von {path.name} ist nicht lesbar.") from None
    finally:
        document.close()
    return _codes(image)


def _codes(image: Image.Image) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(image) if code.valid]


def _check_file(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableScan(
            f"{path.name} ist kein Scan in einem lesbaren Format (PDF, PNG, JPEG oder TIFF)."
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableScan(
            f"{path.name} kann nicht gelesen werden ({os_reason(error)})."
        ) from None
    if not path.is_file():
        raise UnreadableScan(f"{path.name} ist keine Datei.")
    if size > MAX_BYTES:
        raise UnreadableScan(
            f"{path.name} ist mit {size // 1024 // 1024} MB zu groß für einen Scan."
        )


def _open_pdf(path: Path) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(path)
    except OSError as error:  # gone since it was chosen, or a folder
        raise UnreadableScan(
            f"{path.name} kann nicht gelesen werden ({os_reason(error)})."
        ) from None
    except pypdfium2.PdfiumError as error:
        locked = "password" in str(error).lower()
        reason = "es ist passwortgeschützt" if locked else "es ist beschädigt oder kein PDF"
        raise UnreadableScan(f"{path.name} kann nicht geöffnet werden: {reason}.") from None


def _open_image(path: Path) -> Image.Image:
    with _pillow_errors(path):
        return Image.open(path)


@contextmanager
def _pillow_errors(path: Path) -> Iterator[None]:
    """Pillow reports a broken file with many kinds of exceptions (OSError, EOFError,
    ValueError, TypeError, struct.error …), depending on where the file breaks off."""
    try:
        yield
    except UnreadableScan:
        raise
    except Image.DecompressionBombError:
        raise UnreadableScan(f"{path.name} ist ein unplausibel großes Bild.") from None
    except OSError as error:
        if error.errno is None:  # Pillow's own decoding errors carry no system error number
            raise UnreadableScan(f"{path.name} ist beschädigt oder unvollständig.") from None
        raise UnreadableScan(
            f"{path.name} kann nicht gelesen werden ({os_reason(error)})."
        ) from None
    except MemoryError:
        raise UnreadableScan(f"{path.name} ist zu groß, um gelesen zu werden.") from None
    except Exception:  # any other failure inside Pillow means a broken image
        raise UnreadableScan(f"{path.name} ist kein lesbares Bild oder beschädigt.") from None
