"""Write resources/fonts/coverage.txt from the shipped fonts (after a font update)."""

from __future__ import annotations

from ozg_desk.documents.pdf.fonts import font_coverage
from ozg_desk.domain.printable import coverage_path, ranges

HEADER = (
    "# Characters both shipped fonts can print, as hexadecimal code point ranges.\n"
    "# Written by `python -m scripts.font_coverage`; a test compares it with the fonts.\n"
)


def main() -> None:
    path = coverage_path()
    path.write_text(HEADER + "\n".join(ranges(font_coverage())) + "\n", encoding="ascii")
    print(path)


if __name__ == "__main__":
    main()
