"""Styles and building blocks of the paperwork: tables with repeating headers, tick boxes,
signature lines and the Dienstsiegel box. Every text goes through `para`, which escapes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ozg_desk.documents.context import Signatory
from ozg_desk.documents.grid import (
    BLANK_ROW_TOP,
    PAD_X,
    PAD_Y,
    TALL_LINES,
    GridRow,
    GridStyle,
    TextGrid,
    wrapped,
)
from ozg_desk.documents.pdf.fonts import BOLD, REGULAR, printable

TEXT_WIDTH = 165 * mm - 12  # A4 minus 25 mm left, 20 mm right margin, 6 pt frame padding each
GREY = colors.Color(0.35, 0.35, 0.35)
LINE = colors.Color(0.55, 0.55, 0.55)

BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5, spaceAfter=5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, spaceAfter=0)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11.5, spaceAfter=0)
CELL_HEAD = ParagraphStyle("cell_head", parent=CELL, fontName=BOLD)
LABEL = ParagraphStyle("label", parent=CELL, textColor=GREY)
# How tables draw cells that are plain strings: like CELL paragraphs, with the padding `cell`
# wraps for (the same as a TextGrid's).
_PLAIN_CELLS: list[Any] = [
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
    ("LEADING", (0, 0), (-1, -1), 11.5),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
    ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
]
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=BOLD,
    fontSize=11,
    leading=14,
    spaceBefore=8,
    spaceAfter=4,
)
TITLE = ParagraphStyle("title", parent=BODY, fontName=BOLD, fontSize=15, leading=19, spaceAfter=8)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """Plain text as a paragraph: markup characters stay characters, line breaks stay."""
    return _paragraph(text, style, Paragraph)


class TallCell(Paragraph):
    """A cell too long to move whole to the next page: its row may be split there."""


def cell(text: str, width: float, style: ParagraphStyle = CELL) -> str | Paragraph:
    """A cell of a reportlab table as plain lines, which tables draw without paragraph layout;
    a TallCell where the row must be split across pages (reportlab splits paragraphs inside a
    row correctly, plain lines not)."""
    lines = cell_lines(text, width, style)
    return _paragraph(text, style, TallCell) if len(lines) > TALL_LINES else "\n".join(lines)


def cell_lines(text: str, width: float, style: ParagraphStyle = CELL) -> list[str]:
    """`text` as the lines of a table cell `width` wide."""
    return wrapped(printable(text), style.fontName, style.fontSize, width - 2 * PAD_X)


def paragraph_cell(text: str, width: float, style: ParagraphStyle = CELL) -> Paragraph:
    """A paragraph in a table cell, a TallCell where it is about too long to move whole."""
    lines = stringWidth(text, style.fontName, style.fontSize) / (width - 2 * PAD_X)
    tall = lines + text.count("\n") > TALL_LINES
    return _paragraph(text, style, TallCell if tall else Paragraph)


def _paragraph(text: str, style: ParagraphStyle, kind: type[Paragraph]) -> Paragraph:
    text = printable(text)
    return kind(escape(text).replace("\n", "<br/>"), style)


def _splitting(data: Sequence[Sequence[Any]]) -> int:
    """reportlab's splitInRow, only where a row cannot move whole: with it, reportlab may also
    break a table between rows that would fit, repeating its header in mid-page."""
    return int(any(isinstance(item, TallCell) for row in data for item in row))


def details_table(rows: Sequence[tuple[str, str]]) -> Table:
    """Label and value; an empty value becomes a line to write on."""
    label_width, value_width = 55 * mm, TEXT_WIDTH - 55 * mm
    data = [[cell(label, label_width, LABEL), cell(value, value_width)] for label, value in rows]
    table = Table(
        data, colWidths=[label_width, value_width], hAlign="LEFT", splitInRow=_splitting(data)
    )
    style: list[Any] = [
        *_PLAIN_CELLS,
        ("TEXTCOLOR", (0, 0), (0, -1), GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
    ]
    for number, (_label, value) in enumerate(rows):
        if not value.strip():  # room to fill in by hand
            style.append(("TOPPADDING", (1, number), (1, number), 14))
            style.append(("LINEBELOW", (1, number), (1, number), 0.6, colors.black))
    style += [("NOSPLIT", (0, first), (-1, last)) for first, last in _kept_together(rows, data)]
    table.setStyle(TableStyle(style))
    return table


def _kept_together(
    rows: Sequence[tuple[str, str]], cells: Sequence[Sequence[Any]]
) -> list[tuple[int, int]]:
    """First and last row of each labelled row with the unlabelled rows continuing it (a
    contact's name and phone line), where the group is short enough to move whole."""
    groups: list[tuple[int, int]] = []
    for number, (label, _value) in enumerate(rows):
        if number and not label.strip():
            groups[-1] = (groups[-1][0], number)
        else:
            groups.append((number, number))
    return [
        (first, last)
        for first, last in groups
        if last > first
        and sum(_line_count(cells[row]) for row in range(first, last + 1)) <= TALL_LINES
    ]


def _line_count(row: Sequence[Any]) -> int:
    """Lines of the taller cell; a paragraph cell counts as too long to keep with others."""
    texts = [item for item in row if isinstance(item, str)]
    if len(texts) < len(row):
        return TALL_LINES + 1
    return max(text.count("\n") + 1 for text in texts)


def grid_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> TextGrid:
    """A ruled table whose header row repeats on every page it crosses."""
    head = GridRow(
        tuple(
            tuple(cell_lines(text, width, CELL_HEAD))
            for text, width in zip(headers, widths, strict=True)
        )
    )
    body = [
        GridRow(
            tuple(tuple(cell_lines(text, width)) for text, width in zip(row, widths, strict=True)),
            _blank_top(row),
        )
        for row in rows
    ]
    return TextGrid(head, body, widths, GridStyle(REGULAR, BOLD, 9, 11.5, LINE, HEAD_FILL))


HEAD_FILL = colors.Color(0.9, 0.9, 0.9)


def _blank_top(row: Sequence[str]) -> float:
    """A row with nothing but its first cell is there to be filled in by hand."""
    return PAD_Y if any(text.strip() for text in row[1:]) else BLANK_ROW_TOP


class TickBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float = 3.6 * mm) -> None:
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def tick_list(options: Sequence[str]) -> Table:
    width = TEXT_WIDTH - 8 * mm
    data = [[TickBox(), paragraph_cell(option, width)] for option in options]
    table = Table(data, colWidths=[8 * mm, width], hAlign="LEFT", splitInRow=_splitting(data))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


class SealBox(Flowable):
    """The place for the Dienstsiegel: a dashed circle with its caption."""

    def __init__(self, size: float = 34 * mm) -> None:
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(LINE)
        canvas.setDash(2, 2)
        radius = self.width / 2 - 1
        canvas.circle(self.width / 2, self.height / 2, radius, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColor(GREY)
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(self.width / 2, self.height / 2 - 3, "Dienstsiegel")


def signature_block(signatories: Sequence[Signatory], seal: bool) -> KeepTogether:
    """Ort/Datum, one signature line per signatory, the seal box; never split across pages."""
    place = Table(
        [[para("", CELL), ""], [para("Ort, Datum", SMALL), ""]],
        colWidths=[75 * mm, TEXT_WIDTH - 75 * mm],
        hAlign="LEFT",
    )
    place.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEABOVE", (0, 1), (0, 1), 0.6, colors.black),
                ("TOPPADDING", (0, 0), (-1, 0), 18),
            ]
        )
    )
    # One column per signatory with a gap between, so each gets a line of its own.
    gap = 8 * mm
    room = TEXT_WIDTH - (40 * mm if seal else 0)
    count = max(len(signatories), 1)
    width = (room - gap * (count - 1)) / count
    captions: list[Any] = []
    widths: list[float] = []
    for number, signatory in enumerate(signatories):
        if number:
            captions.append("")
            widths.append(gap)
        caption = signatory.title + (f"\n{signatory.name}" if signatory.name else "")
        captions.append(para(caption, SMALL))
        widths.append(width)
    signs = Table([[""] * len(captions), captions], colWidths=widths, hAlign="LEFT")
    lines: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("TOPPADDING", (0, 0), (-1, 0), 30),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    lines += [("LINEABOVE", (c, 1), (c, 1), 0.6, colors.black) for c in range(0, len(captions), 2)]
    signs.setStyle(TableStyle(lines))
    row = Table(
        [[signs, SealBox() if seal else ""]],
        colWidths=[room, 40 * mm if seal else 0.1],
        hAlign="LEFT",
    )
    row.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), place, row])
