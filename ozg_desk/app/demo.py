"""Demo data: a real MV Amt (Crivitz) with its Gemeinden and Anbindungen in various states.

People are fictitious (Datensparsamkeit); the Amt, its Gemeinden and the catalogue are real when
the reference data is available. Each Anbindung walks through its lifecycle step by step with a
clock in the past, so that the history reads like months of real work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from ozg_desk.app.reference_data import AREAS_FILE, OZG_FILES
from ozg_desk.domain.anbindung import DEFAULT_CHECKLIST, checklist_item_id
from ozg_desk.domain.lifecycle import MAIN_LINE, Status
from ozg_desk.importers.areas import import_areas
from ozg_desk.importers.catalogue import import_catalogue
from ozg_desk.store import meta, queries, schema
from ozg_desk.store.changes import Edit
from ozg_desk.store.database import Store
from ozg_desk.store.repository import Repository

DEMO_AMT_ARS = "130765668000"
START = dt.datetime(2025, 9, 1, 7, 30, tzinfo=dt.UTC)

# Hand-picked services an Amt typically handles, with where the demo Amt stands on each.
PLAN: tuple[tuple[str, str, str, str], ...] = (
    # ozg_id, name (fallback catalogue), Themenfeld, target status
    ("10124", "Wohnsitzmeldungen", "Bauen & Wohnen", "online"),
    ("10160", "Hundehaltung", "Engagement & Hobby", "online"),
    ("10237", "Sterbeurkunde", "Gesundheit", "online"),
    ("10136", "Mängel melden", "Engagement & Hobby", "online"),
    ("10235", "Sterbefallanzeige", "Gesundheit", "test"),
    ("10026", "Eheschließung und -beurkundung", "Familie & Kind", "golive_geplant"),
    ("10244", "Fundsachen", "Recht & Ordnung", "empfangskanal"),
    ("10019", "Kindertagesbetreuung", "Familie & Kind", "redaktion"),
    ("10147", "Osterfeuer", "Engagement & Hobby", "unterzeichnet"),
    ("10173", "Parkausweise und Zufahrtsberechtigungen", "Mobilität & Reisen", "unterlagen"),
    ("10117", "Grundsteuer", "Bauen & Wohnen", "geplant"),
    ("10111", "Auskunfts- und Übermittlungssperren im Melderegister", "Bauen & Wohnen", "geplant"),
    ("10148", "Fischereischein", "Engagement & Hobby", "nicht_relevant"),
    ("10092", "Wohngeld", "Arbeit & Ruhestand", "nicht_relevant"),
    ("10119", "Personalausweis", "Querschnitt", "zurueckgestellt"),
    ("10227", "Bestattung", "Gesundheit", "offen"),
    ("10029", "Namensänderung", "Familie & Kind", "offen"),
)
OWNERS = (
    "K. Brandt (Bürgeramt)",
    "S. Wendt (Ordnungsamt)",
    "M. Krüger (Standesamt)",
    "J. Peters (Kämmerei)",
    "IT-Koordination",
)
CHANNEL_FOR = {
    "10124": ("fit_connect", {"destination_id": "8e7f5a4c-3b1d-4f2e-9a6b-0c1d2e3f4a5b"}),
    "10160": ("xfall", {"fachverfahren": "Steuern und Abgaben (Demo)"}),
    "10237": ("bebpo", {"bebpo_adresse": "DE.Justiz.demo-crivitz-standesamt"}),
    "10136": ("fallmanagement", {"organisationseinheit": "Ordnungsamt"}),
}

DEMO_KONTAKTE = {
    "fachlich": {
        "name": "Sabine Köhler",
        "funktion": "Sachgebietsleiterin Bürgerservice",
        "telefon": "03863 5450-21",
        "email": "s.koehler@amt-crivitz.example",
    },
    "technisch": {
        "name": "Jörg Weiß",
        "funktion": "IT-Koordinator",
        "telefon": "03863 5450-40",
        "email": "j.weiss@amt-crivitz.example",
    },
    "redaktion": {
        "name": "Anja Groß",
        "funktion": "Redaktion Internetauftritt",
        "telefon": "03863 5450-12",
        "email": "a.gross@amt-crivitz.example",
    },
    "epayment": {
        "name": "Thomas Brückner",
        "funktion": "Amtskasse",
        "telefon": "03863 5450-30",
        "email": "kasse@amt-crivitz.example",
    },
}


def build_demo(store: Store, reference: Path | None, progress: Callable[[str], None]) -> None:
    """Fill an empty store with the demo Amt; a store that already has a Behörde is left as is."""
    with store.read() as connection:
        if queries.local_behoerde(connection) is not None:
            return
    clock = _PastClock(START)
    repository = Repository(store, "Demo: IT-Koordination", clock=clock)
    if reference is not None:
        progress("Importiere den OZG-Katalog …")
        import_catalogue(store, [reference / name for name in OZG_FILES], stand="2019-12")
        progress("Importiere die Gebiete …")
        import_areas(store, reference / AREAS_FILE, gebietsstand="2020-12-31")
    else:
        _fallback_catalogue(store)
    progress("Lege das Amt Crivitz an …")
    repository.save_profile(
        {
            "ars": DEMO_AMT_ARS,
            "typ": "amt",
            "name": "Amt Crivitz",
            "strasse": "Amtsstraße 5",
            "plz": "19089",
            "ort": "Crivitz",
            "funktionspostfach": "ozg-koordination@amt-crivitz.example",
            "telefon": "03863 5450",
            "amtsvorsteher_name": "Max Mustermann",
            "amtsvorsteher_titel": "Amtsvorsteher",
            "stellvertreter_name": "Erika Beispiel",
            "stellvertreter_titel": "1. Stellvertreterin des Amtsvorstehers",
            "lvb_name": "Jonas Probe",
            "lvb_titel": "Leitender Verwaltungsbeamter",
        },
        kontakte=DEMO_KONTAKTE,
    )
    repository.set_gemeinden(list(_gemeinden(store)))
    progress("Lege Anbindungen an …")
    rng = random.Random(2026)
    with store.read() as connection:
        known = {row[0] for row in connection.execute("SELECT ozg_id FROM ozg_leistung")}
    for ozg_id, _name, _themenfeld, target in PLAN:
        if ozg_id in known:
            _walk(repository, clock, rng, ozg_id, Status(target))
    progress("Trage Angaben zur Wirtschaftlichkeit ein …")
    _economics(repository, known)
    with store.write() as connection:
        meta.put(connection, meta.DEMO, "1")


class _PastClock:
    """A clock that advances a few days per call, for a believable history."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> str:
        return self.now.isoformat(timespec="microseconds")

    def advance(self, rng: random.Random) -> None:
        step = dt.timedelta(days=rng.randint(2, 9), minutes=rng.randint(0, 480))
        latest = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        self.now = min(self.now + step, latest)

    def start_service(self, rng: random.Random) -> None:
        """Services were started at different times over the past year."""
        self.now = START + dt.timedelta(days=rng.randint(0, 240), hours=rng.randint(0, 8))


def _gemeinden(store: Store) -> Iterator[dict[str, Any]]:
    with store.read() as connection:
        rows = connection.execute(
            "SELECT ars, ags, name FROM gebiet WHERE ebene = 'gemeinde' AND ars LIKE ?",
            (DEMO_AMT_ARS[:9] + "%",),
        ).fetchall()
    if not rows:
        yield {"ars": "130765668005", "ags": "13076005", "name": "Banzkow"}
    for row in rows:
        yield {"ars": row["ars"], "ags": row["ags"], "name": row["name"]}


def _walk(
    repository: Repository, clock: _PastClock, rng: random.Random, ozg_id: str, target: Status
) -> None:
    changes = repository.create_anbindung(
        ozg_id,
        {
            "prioritaet": rng.choice(["hoch", "mittel", "niedrig"]),
            "fallzahl": rng.choice([12, 40, 85, 150, 320, 900]),
            "verantwortlich": rng.choice(OWNERS),
        },
    )
    record_id = changes.created[0].entity_id
    clock.advance(rng)
    if target in (Status.NOT_RELEVANT, Status.DEFERRED):
        reason = (
            "Zuständig ist der Landkreis Ludwigslust-Parchim."
            if target is Status.NOT_RELEVANT
            else "Zurückgestellt bis zur EfA-Lösung des Bundes."
        )
        repository.apply(
            [Edit("anbindung", record_id, {"status": target, "status_begruendung": reason})]
        )
        return
    if target is Status.OPEN:
        return
    steps = MAIN_LINE[1 : MAIN_LINE.index(target) + 1]
    start = clock.now.date()
    for index, step in enumerate(steps):
        fields: dict[str, object] = {"status": step}
        if step is Status.PLANNED:
            # Some targets lie in the past on purpose: the desk must show overdue work.
            fields["zieltermin"] = start + dt.timedelta(days=rng.randint(60, 420))
            fields["nachnutzungsmodell"] = rng.choice(["efa", "landesloesung", "landesloesung"])
        if step is Status.CHANNEL or (
            step is Status.ONLINE and Status.CHANNEL not in steps[:index]
        ):
            channel, details = CHANNEL_FOR.get(ozg_id, ("fit_connect", {}))
            fields["empfangskanal"], fields["kanal_details"] = channel, details
        if step is Status.GO_LIVE_PLANNED:
            fields["golive_datum"] = clock.now.date() + dt.timedelta(days=rng.randint(14, 60))
        if step is Status.ONLINE:
            fields["reifegrad"] = rng.choice([2, 3, 3, 4])
            fields["nachweis_link"] = "https://www.mv-serviceportal.de/"
            fields["nachweis_datum"] = clock.now.date()
        repository.apply([Edit("anbindung", record_id, fields)])
        _tick_checklist(repository, record_id, index + 1, len(MAIN_LINE) - 1)
        clock.advance(rng)


# What an Amt would enter for the Kennzahlen: minutes per case after the Zeitwerttabelle, usage
# where the portal reports it; some Leistungen on purpose without data (they are left out).
ECONOMICS: dict[str, dict[str, object]] = {
    "10124": {
        "fallzahl": 400,
        "fallzahl_quelle": "Fachverfahren Meldewesen, Auswertung 2025",
        "online_antraege": 210,
        "online_antraege_jahr": 2025,
        "minuten_papier": 27,
        "minuten_online": 14,
        "laufbahngruppe": "einfach_mittel",
        "wegezeit_ebene": "gemeinde",
        "wartezeit_minuten": 10,
        "sachkosten_je_fall": "0,85",
        "kosten_einmalig": "2.400",
        "kosten_jaehrlich": "600",
        "zufriedenheit": "4,2",
        "zufriedenheit_n": 37,
        "zufriedenheit_quelle": "Bewertung im MV-Serviceportal",
        "zufriedenheit_datum": "2026-10-31",
    },
    "10160": {
        "fallzahl": 320,
        "fallzahl_quelle": "Steueramt, Hundesteuerbescheide 2025",
        "minuten_papier": 25,
        "minuten_online": 9,
        "laufbahngruppe": "einfach_mittel",
        "wegezeit_ebene": "gemeinde",
        "kosten_jaehrlich": "350",
    },
    "10237": {
        "minuten_papier": 18,
        "minuten_online": 8,
        "laufbahngruppe": "gehoben",
        "wegezeit_ebene": "gemeinde",
        "kosten_einmalig": "1.200",
        "kosten_jaehrlich": "480",
    },
}


def _economics(repository: Repository, known: set[str]) -> None:
    with repository.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        assert behoerde is not None
        rows = queries.leistungen(connection, behoerde.id, only=set(ECONOMICS) & known)
    edits = [
        Edit("anbindung", row.anbindung_id, dict(ECONOMICS[row.ozg_id]))
        for row in rows
        if row.anbindung_id
    ]
    repository.apply(edits)


def _tick_checklist(repository: Repository, record_id: str, done: int, total: int) -> None:
    share = done / total
    item = DEFAULT_CHECKLIST[min(int(share * len(DEFAULT_CHECKLIST)), len(DEFAULT_CHECKLIST) - 1)]
    state = "bestaetigt" if share >= 1 else "vollstaendig"
    edit = Edit("checklist_item", checklist_item_id(record_id, item.key), {"zustand": state})
    repository.apply([edit])


def _fallback_catalogue(store: Store) -> None:
    """Without the reference data: only the services of the plan, marked as an excerpt."""
    with store.write() as connection:
        themen = sorted({themenfeld for _, _, themenfeld, _ in PLAN})
        connection.execute(insert(schema.themenfeld), [{"name": name} for name in themen])
        connection.execute(insert(schema.lage), [{"name": "Demo-Auszug"}])
        ids = {row.name: row.id for row in connection.execute(select(schema.themenfeld))}
        connection.execute(
            insert(schema.ozg_leistung),
            [
                {"ozg_id": ozg_id, "name": name, "themenfeld_id": ids[themenfeld], "lage_id": 1}
                for ozg_id, name, themenfeld, _ in PLAN
            ],
        )
        connection.execute(
            insert(schema.catalogue_import).values(
                imported_at="2025-09-01T08:00:00+00:00", stand="Demo-Auszug", files=[], summary={}
            )
        )
