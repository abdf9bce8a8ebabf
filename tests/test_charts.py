"""The Kennzahlen's charts: each table is its figure's data, the drawings carry their labels as
text, tell series apart without colour, show a loss below the zero line and render when empty."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import xml.etree.ElementTree as ET  # our own output, not untrusted data

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.pdfgen import canvas

from ozg_desk.charts import (
    Chart,
    anbindungsquote_themenfeld,
    burn_up,
    charts_for,
    reifegrad,
    rendite_scenarios,
)
from ozg_desk.documents.pdf.fonts import REGULAR, register_fonts
from ozg_desk.domain.fields import JsonValue
from ozg_desk.figures import definitions as d
from ozg_desk.figures.compute import compute_all
from ozg_desk.figures.defaults import shipped_defaults
from ozg_desk.figures.inputs import Inputs, LeistungRecord, StatusStep
from ozg_desk.figures.model import Figure
from ozg_desk.figures.text import value_text
from tests.test_figures import figures, records

TODAY = dt.date(2026, 6, 15)
SVG = "{http://www.w3.org/2000/svg}"


def record(
    ozg_id: str, themenfeld: str, steps: list[tuple[str, str]], **values: JsonValue
) -> LeistungRecord:
    history = tuple(StatusStep(dt.date.fromisoformat(day), new) for day, new in steps)
    status = steps[-1][1] if steps else "offen"
    return LeistungRecord(ozg_id, themenfeld, {"status": status, **values}, history, True)


RECORDS = (
    record(
        "1",
        "Bauen & Wohnen",
        [("2026-01-10", "geplant"), ("2026-03-02", "online")],
        zieltermin="2026-04-30",
        reifegrad=3,
        reifegrad_modell="1",
        fallzahl=100,
        minuten_papier=20,
        minuten_online=10,
        laufbahngruppe="einfach_mittel",
        kosten_jaehrlich=1000,
    ),
    record(
        "2",
        "Bauen & Wohnen",
        [("2026-02-01", "geplant"), ("2026-05-20", "online")],
        zieltermin="2026-05-31",
        reifegrad=2,
        reifegrad_modell="1",
    ),
    record(
        "3",
        "Unternehmensführung & -entwicklung",
        [("2026-02-01", "geplant")],
        zieltermin="2026-09-30",
    ),
    record("4", "Gesundheit", [("2026-04-01", "online")], reifegrad=5, reifegrad_modell="2.0"),
)


def computed() -> dict[str, Figure]:
    inputs = Inputs(RECORDS, shipped_defaults(), {"130001": "Banzkow"}, today=TODAY)
    return {figure.id: figure for figure in compute_all(inputs)}


def texts(chart: Chart, width: float = 640) -> list[str]:
    """The SVG's text, which must be well-formed XML named by the chart's title."""
    root = ET.fromstring(chart.svg(width, chart.height_for(width)))  # noqa: S314
    assert root.find(f"{SVG}title").text == chart.title  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == chart.summary  # type: ignore[union-attr]
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def strings(drawing: Drawing) -> dict[str, float]:
    """Each text of a drawing and its height (y)."""
    return {item.text: item.y for item in drawing.getContents() if isinstance(item, String)}


def test_the_charts_of_the_kennzahlen_in_the_order_of_the_issue() -> None:
    charts = charts_for(tuple(computed().values()), TODAY)
    assert [chart.title for chart in charts] == [
        "Fortschritt gegen die Zieltermine",
        "Verfügbarkeit nach Reifegrad je Modell",
        "Anbindungsquote je Themenfeld",
        "Digitalisierungsrendite je Szenario",
    ]
    assert all(chart.summary.endswith(".") and len(chart.headers) >= 2 for chart in charts)


def test_the_burn_up_table_is_the_progress_per_month() -> None:
    figure = computed()["fortschritt"]
    chart = burn_up(figure, TODAY)
    assert chart.headers == ("Monat", "online", "geplant laut Zieltermin")
    months = {part.key: part for part in figure.parts}
    assert chart.rows[0] == ("Januar 2026", "0", "0")
    for row, (key, part) in zip(chart.rows, months.items(), strict=True):
        online = f"{part.numerator:.0f}" if key <= "2026-06" else "—"
        assert row[1:] == (online, f"{part.denominator:.0f}")
    assert chart.rows[4] == ("Mai 2026", "3", "3")
    # After this month nothing is measured yet: the planned line goes on, „online“ does not.
    assert chart.rows[-1] == ("September 2026", "—", "4")
    shown = texts(chart)
    assert "3 online" in shown and "4 geplant" in shown and "heute" in shown
    assert "Leistungen" in shown and "geplant laut Zieltermin" in shown  # the legend in words


def test_the_two_lines_differ_by_dash_and_marker_not_only_colour() -> None:
    svg = burn_up(computed()["fortschritt"], TODAY).svg(640, 300).decode()
    assert "stroke-dasharray: 5.0, 3.0" in svg  # the planned line is dashed, the online one is not
    assert "<circle" in svg and "<rect" in svg  # filled circles and hollow squares
    paths = [part.split(">")[0] for part in svg.split("<path")[1:]]
    lines = [path for path in paths if path.count(" L ") > 3]  # the two series, not the axes
    assert len(lines) == 2 and all("fill: none" in line for line in lines)  # lines, not areas


def test_the_bars_tables_are_the_parts_per_themenfeld_and_per_model() -> None:
    found = computed()
    chart = anbindungsquote_themenfeld(found["anbindungsquote"])
    expected = [
        (part.key, value_text(part), f"{part.numerator:.0f}", f"{part.denominator:.0f}")
        for part in found["anbindungsquote"].parts
        if not part.key.startswith("Gemeinde ")
    ]
    assert list(chart.rows) == expected
    assert ("Bauen & Wohnen", "100 %", "2", "2") in chart.rows
    shown = texts(chart)
    assert "Unternehmensführung & -entwicklung" in shown and "0 % (0 von 1)" in shown
    models = reifegrad(found["reifegrad"])
    assert models.rows == (
        ("Reifegradmodell 1.x (0–4)", "50 %", "1", "2"),
        ("Reifegradmodell 2.0 (0–7)", "100 %", "1", "1"),
    )
    assert "50 % (1 von 2)" in texts(models)


def test_a_negative_return_hangs_below_the_zero_line_hatched() -> None:
    rendite = computed()["digitalisierungsrendite"]
    assert [part.key for part in rendite.parts] == [
        "Szenario 20 %",
        "Szenario 40 %",
        "Szenario 60 %",
    ]
    chart = rendite_scenarios(rendite)
    assert chart.rows == tuple((part.key, value_text(part)) for part in rendite.parts)
    assert "unter der Nulllinie" in chart.summary
    drawing = chart.drawing(640, 300)
    placed = strings(drawing)
    zero = placed["0"] + 3
    loss = value_text(rendite.parts[0])
    assert loss.startswith("-") and placed[loss] < zero
    assert "schraffiert: unter null, ein Verlust" in placed  # said in words, not by colour
    hanging = [
        item
        for item in drawing.getContents()
        if isinstance(item, Rect) and abs(item.y + item.height - zero) < 0.01 and item.y < zero
    ]
    assert hanging


def test_charts_without_data_still_render_and_say_so() -> None:
    empty_figures = {
        "fortschritt": Figure(d.FORTSCHRITT, 0.0),
        "reifegrad": Figure(d.REIFEGRAD, None),
        "anbindungsquote": Figure(d.ANBINDUNGSQUOTE, None),
        "digitalisierungsrendite": Figure(d.RENDITE, None),
    }
    charts = charts_for(tuple(empty_figures.values()), TODAY)
    assert len(charts) == 4
    for chart in charts:
        assert chart.empty
        assert len(chart.rows) == 1 and chart.rows[0][0].startswith("Keine Daten")
        assert len(chart.rows[0]) == len(chart.headers)
        assert any(text.startswith("Keine Daten") for text in texts(chart))


def test_the_pdf_drawing_uses_only_the_embedded_fonts() -> None:
    """PDF/A forbids fonts that are not embedded, reportlab's Helvetica among them."""
    register_fonts()
    for chart in charts_for(tuple(computed().values()), TODAY):
        out = io.BytesIO()
        page = canvas.Canvas(out, initialFontName=REGULAR)  # type: ignore[arg-type] # as documents
        renderPDF.draw(chart.drawing(480, chart.height_for(480)), page, 40, 40)
        page.save()
        pdf = out.getvalue()
        assert b"LiberationSans" in pdf and b"Helvetica" not in pdf


def test_the_charts_load_reportlab_only_when_drawn() -> None:
    code = (
        "import sys, ozg_desk.charts\n"
        "assert not any(name.startswith('reportlab') for name in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(max_examples=30, deadline=None)
@given(records(), st.sampled_from([None, (0.0, 0.5), (0.1, 0.2, 0.3, 0.9)]))
def test_any_records_give_charts_that_draw_and_tables_that_match(
    items: list[LeistungRecord], scenarios: tuple[float, ...] | None
) -> None:
    found = figures(items, scenarios)
    charts = {chart.id: chart for chart in charts_for(tuple(found.values()), TODAY)}
    for chart in charts.values():
        width = 420.0
        chart.drawing(width, chart.height_for(width))
        assert texts(chart, width)  # every chart says something, „Keine Daten“ at least
        assert chart.rows and all(len(row) == len(chart.headers) for row in chart.rows)
    progress = found["fortschritt"].parts
    assert len(charts["fortschritt"].rows) == (len(progress) or 1)
    quote = [p for p in found["anbindungsquote"].parts if not p.key.startswith("Gemeinde ")]
    assert [row[0] for row in charts["anbindungsquote_themenfeld"].rows] == (
        [p.key for p in quote] or [charts["anbindungsquote_themenfeld"].plot.empty_text]
    )
