"""The shipped TrueType fonts, registered once with reportlab so every text is embedded.

reportlab's built-in Helvetica is never embedded (not allowed in PDF/A); every style, table and
drawing must therefore name these fonts explicitly. Which characters they can print is in the
core (domain.printable), so the server checks templates without loading them.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ozg_desk.app.resources import resources_dir
from ozg_desk.domain.printable import UnprintableText, printable

REGULAR = "OZGSans"
BOLD = "OZGSans-Bold"
_FILES = {REGULAR: "LiberationSans-Regular.ttf", BOLD: "LiberationSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False
__all__ = ["BOLD", "REGULAR", "UnprintableText", "font_coverage", "printable", "register_fonts"]


def register_fonts() -> None:
    """Idempotent; safe from any thread."""
    global _registered  # noqa: PLW0603 - reportlab's font registry is process-wide too
    with _lock:
        if _registered:
            return
        folder = resources_dir() / "fonts"
        fonts = {name: TTFont(name, str(folder / file)) for name, file in _FILES.items()}
        for font in fonts.values():
            pdfmetrics.registerFont(font)
        # <b> in paragraphs maps to the bold face; italics are not used in forms.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


def font_coverage(folder: Path | None = None) -> frozenset[str]:
    """The characters both fonts contain, control and format characters excluded: what
    resources/fonts/coverage.txt must list."""
    folder = folder or resources_dir() / "fonts"
    faces = [TTFont(name, str(folder / file)).face for name, file in _FILES.items()]
    common = set.intersection(*(set(face.charToGlyph) for face in faces))
    return frozenset(chr(code) for code in common if unicodedata.category(chr(code))[0] != "C")
