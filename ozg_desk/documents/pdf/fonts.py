"""The shipped TrueType fonts, registered once with reportlab so every text is embedded.

reportlab's built-in Helvetica is never embedded (not allowed in PDF/A); every style, table and
drawing must therefore name these fonts explicitly.
"""

from __future__ import annotations

import threading
import unicodedata

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ozg_desk.errors import KnownError
from ozg_desk.resources import resources_dir

REGULAR = "OZGSans"
BOLD = "OZGSans-Bold"
_FILES = {REGULAR: "LiberationSans-Regular.ttf", BOLD: "LiberationSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False
_covered: frozenset[str] = frozenset()
LINE_BREAKS = frozenset("\n\r")


class UnprintableText(KnownError):
    """A text holds a character the shipped font cannot print (an emoji, a control character):
    PDF/A forbids a placeholder glyph, and leaving it out silently would change the text."""


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
        global _covered  # noqa: PLW0603 - computed once with the registration
        glyphs = fonts[REGULAR].face.charToGlyph  # the bold face has the same set
        _covered = frozenset(
            chr(code) for code in glyphs if unicodedata.category(chr(code))[0] != "C"
        )
        _registered = True


# Pasted text brings invisible formatting (soft hyphens, zero-width spaces, byte order marks),
# tabs and the non-breaking hyphen: dropped or replaced, they change nothing a reader sees.
_QUIET = str.maketrans({"\t": " ", "\u2011": "-"})


def printable(text: str) -> str:
    """`text` as the fonts print it: tabs become spaces, invisible format characters go; any
    other character the fonts lack is refused (UnprintableText)."""
    odd = set(text) - _covered - LINE_BREAKS  # nearly always empty: one set operation
    if not odd:
        return text
    text = text.translate(_QUIET)
    invisible = {char for char in odd if unicodedata.category(char) == "Cf"}
    if invisible:
        text = "".join(char for char in text if char not in invisible)
    check_printable(text)
    return text


def check_printable(text: str) -> None:
    """Refuse `text` if the fonts cannot print one of its characters (line breaks are fine)."""
    missing = set(text) - _covered - LINE_BREAKS
    if not missing:
        return
    char = min(missing, key=text.index)
    at = text.index(char)
    around = " ".join(text[max(0, at - 25) : at + 25].split())
    shown = f"„{char}“ " if unicodedata.category(char)[0] != "C" else ""
    raise UnprintableText(
        f"Das Zeichen {shown}(U+{ord(char):04X}) in „{around}“ kann in den Unterlagen nicht "
        "gedruckt werden, weil die Schrift es nicht enthält; bitte ersetzen oder entfernen."
    )
