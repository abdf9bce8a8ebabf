"""Which characters the paperwork can print: those the shipped fonts contain.

The set is read from resources/fonts/coverage.txt (code point ranges, written by
`python -m scripts.font_coverage` and compared with the fonts by a test), so the desktop and
the central server refuse the same texts without loading a font.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from ozg_desk.app.errors import KnownError
from ozg_desk.app.resources import resources_dir

LINE_BREAKS = frozenset("\n\r")


class UnprintableText(KnownError):
    """A text holds a character the shipped font cannot print (an emoji, a control character):
    PDF/A forbids a placeholder glyph, and leaving it out silently would change the text."""


def coverage_path() -> Path:
    return resources_dir() / "fonts" / "coverage.txt"


@cache
def covered() -> frozenset[str]:
    """Every character both shipped fonts can print (control and format characters excluded)."""
    chars: set[str] = set()
    for line in coverage_path().read_text(encoding="ascii").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, _, last = line.strip().partition("-")
        chars.update(chr(code) for code in range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(chars)


# Pasted text brings invisible formatting (soft hyphens, zero-width spaces, byte order marks),
# tabs and the non-breaking hyphen: dropped or replaced, they change nothing a reader sees.
_QUIET = str.maketrans({"\t": " ", "\u2011": "-"})


def printable(text: str) -> str:
    """`text` as the fonts print it: tabs become spaces, invisible format characters go; any
    other character the fonts lack is refused (UnprintableText)."""
    odd = set(text) - covered() - LINE_BREAKS  # nearly always empty: one set operation
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
    missing = set(text) - covered() - LINE_BREAKS
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


def ranges(chars: frozenset[str]) -> list[str]:
    """`chars` as the lines of coverage.txt: "0020-007E" per run, "00A0" for a single one."""
    codes = sorted(map(ord, chars))
    lines: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            lines.append(f"{start:04X}" if start == previous else f"{start:04X}-{previous:04X}")
            start = code
        previous = code
    return lines
