"""A ruled table of plain text lines whose header repeats on every page it crosses.

Written by hand on reportlab's canvas because reportlab's Table spent about half of a
document's time on the 40-row Leistungen table (style commands per cell, one text object and a
font metric lookup per line). This one knows its row heights from the wrapped lines and draws
all text of a table part as one text object and its rules as one path. Rows move whole to the
next page unless they are longer than TALL_LINES; such a row (a long note in a user template)
continues line by line on the next page, inside the body. `wrapped` breaks cell text into lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

# Cell padding: narrow columns (phone numbers, e-mail addresses) keep their text on one line.
PAD_X, PAD_Y = 3.0, 3.0
TALL_LINES = 40  # a row this long may be split across pages; shorter rows move whole
MIN_LINES = 2  # of a split row, at least this many stay at the foot of a page
BLANK_ROW_TOP = 12.0  # a row to fill in by hand gets room to write above its line


@dataclass(frozen=True)
class GridStyle:
    """Fonts and colours of a grid; `leading` is the distance between lines."""

    font: str
    head_font: str
    size: float
    leading: float
    rule: Color
    head_fill: Color
    rule_width: float = 0.4


@dataclass(frozen=True)
class GridRow:
    """The wrapped lines of each cell of one row, and the room above them."""

    cells: tuple[tuple[str, ...], ...]
    top: float = PAD_Y

    @property
    def lines(self) -> int:
        return max(len(lines) for lines in self.cells)

    def height(self, leading: float) -> float:
        return self.top + self.lines * leading + PAD_Y

    def cut(self, count: int) -> tuple[GridRow, GridRow]:
        """The first `count` lines of every cell, and the rest."""
        first = tuple(lines[:count] for lines in self.cells)
        return GridRow(first, self.top), GridRow(tuple(lines[count:] for lines in self.cells))


class TextGrid(Flowable):
    """`head` on top of every part; `rows` split between pages at row boundaries."""

    def __init__(
        self, head: GridRow, rows: Sequence[GridRow], widths: Sequence[float], style: GridStyle
    ) -> None:
        super().__init__()
        self.head, self.rows, self.widths, self.style = head, tuple(rows), tuple(widths), style
        self._head_height = head.height(style.leading)
        self._heights = [row.height(style.leading) for row in self.rows]
        self.width = sum(self.widths)
        self.height = self._head_height + sum(self._heights)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used, count = self._head_height, 0
        for height in self._heights:
            if used + height > availHeight:
                break
            used, count = used + height, count + 1
        else:
            return []  # all fits: nothing to split
        rows, row = list(self.rows), self.rows[count]  # the first row that does not fit
        room = availHeight - used - row.top - PAD_Y
        fitting = int(room // self.style.leading) if room > 0 else 0
        if row.lines > TALL_LINES and fitting >= MIN_LINES:
            rows[count : count + 1] = row.cut(fitting)
            count += 1
        if count == 0:
            return []  # not even one row fits here: reportlab tries the next frame
        return [
            TextGrid(self.head, rows[:count], self.widths, self.style),
            TextGrid(self.head, rows[count:], self.widths, self.style),
        ]

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.saveState()
        canvas.setFillColor(style.head_fill)
        canvas.rect(0, self.height - self._head_height, self.width, self._head_height, 0, 1)
        canvas.setFillColor(Color(0, 0, 0))
        text = canvas.beginText()
        top = self.height
        parts = [(self.head, self._head_height, style.head_font)]
        body = zip(self.rows, self._heights, strict=True)
        parts += [(row, height, style.font) for row, height in body]
        for row, height, font in parts:
            text.setFont(font, style.size, style.leading)
            left = 0.0
            for lines, width in zip(row.cells, self.widths, strict=True):
                text.setTextOrigin(left + PAD_X, top - row.top - style.size)
                for line in lines:
                    text.textLine(line)
                left += width
            top -= height
        canvas.drawText(text)
        canvas.setStrokeColor(style.rule)
        canvas.setLineWidth(style.rule_width)
        edges = [self.height, self.height - self._head_height]
        for height in self._heights:
            edges.append(edges[-1] - height)
        columns = [0.0]
        for width in self.widths:
            columns.append(columns[-1] + width)
        canvas.lines(
            [(0, y, self.width, y) for y in edges] + [(x, 0, x, self.height) for x in columns]
        )
        canvas.restoreState()


# Where lines may break: not at the non-breaking spaces of „10 000 €“ or „§ 5“.
_BREAKS = re.compile(r"[ \t\r\f\v]+")


def wrapped(text: str, font: str, size: float, room: float) -> list[str]:
    """`text` broken into lines no wider than `room` at word boundaries (runs of spaces
    collapse, line breaks stay, empty lines at either end go); a word wider than `room` is
    broken between characters."""
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for paragraph in text.strip(" \t\r\n\f\v").split("\n"):
        words: list[str] = []
        used = -space
        for whole in filter(None, _BREAKS.split(paragraph)):
            word, width = whole, stringWidth(whole, font, size)
            if words and used + space + width > room:
                lines.append(" ".join(words))
                words, used = [], -space
            if width > room:  # full lines of its pieces; the last one may share its line
                *full, word = _pieces(whole, font, size, room)
                lines += full
                width = stringWidth(word, font, size)
            words.append(word)
            used += space + width
        lines.append(" ".join(words))
    return lines


def _pieces(word: str, font: str, size: float, room: float) -> list[str]:
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(word):
        width = stringWidth(char, font, size)
        if used + width > room and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += width
    pieces.append(word[start:])
    return pieces
