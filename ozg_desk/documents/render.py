"""Fill a template and lay it out as a signature-ready PDF/A-2b document.

reportlab draws (platypus: paragraphs that wrap, tables whose header repeats, a signature block
kept on one page); `pdf.pdfa` finishes it. Identical input gives identical bytes: reportlab runs
in invariant mode and every date comes from the input.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from ozg_desk.app.errors import KnownError
from ozg_desk.documents import layout
from ozg_desk.documents.context import LEIKA_IN_TABLE, DocumentContext
from ozg_desk.documents.numbering import check_value, qr_payload
from ozg_desk.documents.pdf.fonts import BOLD, REGULAR, register_fonts
from ozg_desk.documents.pdf.pdfa import Metadata, to_pdfa
from ozg_desk.documents.pdf.qr import QrCode
from ozg_desk.documents.templates import (
    COLUMNS,
    Section,
    SignatureRule,
    SignatureRules,
    Template,
    document_version,
    fill,
)

# Streams are Flate-compressed only; ASCII85 on top makes files larger and costs time (this
# process draws no other PDFs, so the global setting is ours to choose).
rl_config.useA85 = 0

LEFT, RIGHT, TOP, BOTTOM = 25 * mm, 20 * mm, 24 * mm, 20 * mm
DEFAULT_RULE = SignatureRule(("amtsvorsteher", "stellvertreter"), seal=True)


class NotFillable(KnownError):
    """The selection does not fit the document type (e.g. no Leistung for a per-service form)."""


def check_value_of(template: Template, context: DocumentContext) -> str:
    ozg_ids = [leistung.ozg_id for leistung in context.leistungen]
    return check_value(context.nummer, template.typ, str(context.behoerde.get("ars")), ozg_ids)


def render_document(template: Template, context: DocumentContext, rules: SignatureRules) -> bytes:
    """The finished PDF/A bytes."""
    count = len(context.leistungen)
    if template.leistungen == "eine" and count != 1:
        raise NotFillable(
            f"„{template.titel}“ wird für genau eine Leistung erzeugt ({count} gewählt)."
        )
    if template.leistungen == "mehrere" and count == 0:
        raise NotFillable(f"Für „{template.titel}“ bitte mindestens eine Leistung wählen.")
    register_fonts()
    values = context.values()
    story = _first_page(template, context, values)
    rule = rules.by_type.get(context.typ, DEFAULT_RULE)
    version = document_version(template, rules)
    for section in template.sections:
        if section.only_if and not values.get(section.only_if, "").strip():
            continue
        story += _section(section, context, values, rule)
    if any("leika" in s.columns for s in template.sections if s.kind == "leistungen"):
        story += _leika_annex(context)
    out = BytesIO()
    header = values["behoerde.name"]
    footer = (template.titel, f" · Vorlage {template.typ} {version}")
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=template.titel,
        author=header,
        invariant=1,
        initialFontName=REGULAR,  # otherwise reportlab starts each page in (unembedded) Helvetica
    )
    try:
        document.build(story, canvasmaker=_numbered_canvas(header, context.nummer, footer))
    except LayoutError:  # a safety net: tables split rows, paragraphs split lines
        raise NotFillable(
            "Ein Eintrag ist zu groß für eine Seite (z. B. ein sehr langer Text in einer "
            "Tabellenzelle der Vorlage); bitte kürzen."
        ) from None
    metadata = Metadata(
        title=f"{template.titel} – {context.nummer}",
        author=header,
        subject=f"Dokument {context.nummer}, Vorlage {template.typ} {version}",
        created=context.created,
    )
    return to_pdfa(out.getvalue(), metadata)


def _leika_annex(context: DocumentContext) -> list[Flowable]:
    """All LeiKa keys of the Leistungen whose table cell shows only the first few."""
    long = [item for item in context.leistungen if len(item.leika) > LEIKA_IN_TABLE]
    if not long:
        return []
    parts: list[Flowable] = [
        CondPageBreak(30 * mm),
        layout.para("Anlage: LeiKa-Schlüssel", layout.HEADING),
    ]
    for item in long:
        heading = f"{item.ozg_id} {item.name} ({len(item.leika)} Schlüssel)"
        parts.append(layout.para(heading, layout.CELL_HEAD))
        parts.append(layout.para(", ".join(item.leika), layout.CELL))
        parts.append(Spacer(1, 3 * mm))
    return parts


def _first_page(
    template: Template, context: DocumentContext, values: Mapping[str, str]
) -> list[Flowable]:
    sender = "\n".join(
        line
        for line in (
            values["behoerde.name"],
            values["behoerde.anschrift"],
        )
        if line.strip()
    )
    recipient = "\n".join(fill(line, values) for line in template.empfaenger)
    check = check_value_of(template, context)
    facts = layout.para(
        f"Dokument-Nr.: {context.nummer}\nDatum: {values['dokument.datum']}\nPrüfwert: {check}",
        layout.SMALL,
    )
    address = [layout.para(sender, layout.SMALL), Spacer(1, 4 * mm), layout.para(recipient)]
    top = Table(
        [[address, [QrCode(qr_payload(context.nummer, check)), facts]]],
        colWidths=[layout.TEXT_WIDTH - 45 * mm, 45 * mm],
        hAlign="LEFT",
    )
    top.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [top, Spacer(1, 8 * mm), layout.para(template.titel, layout.TITLE)]


def _section(
    section: Section, context: DocumentContext, values: Mapping[str, str], rule: SignatureRule
) -> list[Flowable]:
    parts: list[Flowable] = []
    if section.heading:
        # Never a heading alone at the foot of a page; a table after it may still split
        # (keepWithNext would push a whole long table to the next page instead).
        parts.append(CondPageBreak(30 * mm))
        parts.append(layout.para(fill(section.heading, values), layout.HEADING))
    match section.kind:
        case "text":
            # Paragraph by paragraph, so a long note flows over pages instead of overflowing.
            for block in fill(section.text, values).split("\n\n"):
                parts.append(layout.para(block))
        case "angaben":
            pairs = [(fill(label, values), fill(value, values)) for label, value in section.rows]
            parts += [layout.details_table(pairs), Spacer(1, 3 * mm)]
        case "leistungen":
            headers = [COLUMNS[column] for column in section.columns]
            rows = [
                [item.column(column) for column in section.columns] for item in context.leistungen
            ]
            parts.append(layout.grid_table(headers, rows, _widths(section.columns)))
        case "tabelle":
            fixed = [[fill(cell, values) for cell in row] for row in section.rows]
            weights = section.weights or (1,) * len(section.columns)
            widths = [layout.TEXT_WIDTH * weight / sum(weights) for weight in weights]
            table = layout.grid_table(section.columns, fixed, widths)
            parts += [table, Spacer(1, 3 * mm)]
        case "ankreuzen":
            parts.append(layout.tick_list([fill(row[0], values) for row in section.rows]))
        case "unterschriften":
            signatories = [context.signatory(role) for role in rule.roles]
            parts.append(layout.signature_block(signatories, rule.seal))
    return parts


_NARROW = {"ozg_id": 20 * mm, "leika": 34 * mm, "zieltermin": 22 * mm, "golive": 22 * mm}


def _widths(columns: tuple[str, ...]) -> list[float]:
    fixed = sum(_NARROW.get(column, 0) for column in columns)
    flexible = [column for column in columns if column not in _NARROW]
    rest = (layout.TEXT_WIDTH - fixed) / max(len(flexible), 1)
    return [_NARROW.get(column, rest) for column in columns]


def fitted(text: str, font: str, size: float, width: float) -> str:
    """`text`, shortened with „…“ where it would be wider than `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + " …", font, size) > width:
        text = text[:-1]
    return text.rstrip() + " …"


def _numbered_canvas(header: str, number: str, footer: tuple[str, str]) -> Any:
    """`footer`: (title, version part); the title gives way so the version always shows."""
    """A canvas that knows the page count when it draws "Seite x von y" on every page."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # keep the page; draw it once the count is known
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setFont(REGULAR, 8)
            self.setFillGray(0.3)
            label = f"Dokument-Nr. {number}"
            room = width - LEFT - RIGHT - stringWidth(label, BOLD, 8) - 8 * mm
            self.drawString(LEFT, height - 14 * mm, fitted(header, REGULAR, 8, room))
            self.setFont(BOLD, 8)
            self.drawRightString(width - RIGHT, height - 14 * mm, label)
            self.setStrokeGray(0.6)
            self.setLineWidth(0.4)
            self.line(LEFT, height - 16 * mm, width - RIGHT, height - 16 * mm)
            self.setFont(REGULAR, 8)
            page = f"Seite {self.getPageNumber()} von {total}"
            title, version = footer
            room = width - LEFT - RIGHT - stringWidth(page + version, REGULAR, 8) - 8 * mm
            self.drawString(LEFT, 11 * mm, fitted(title, REGULAR, 8, room) + version)
            self.drawRightString(width - RIGHT, 11 * mm, page)
            self.restoreState()

    return NumberedCanvas


__all__ = ["NotFillable", "Paragraph", "check_value_of", "render_document"]
