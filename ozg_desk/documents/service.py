"""Generate a document for Leistungen of the local Behörde: read the data, take the next number,
render, keep the PDF in the data directory and register it, all or nothing."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ozg_desk.app.session import Session
from ozg_desk.documents.context import DocumentContext, Leistung
from ozg_desk.documents.fit import NotFitting, misfits
from ozg_desk.documents.numbering import document_number, normalize_number
from ozg_desk.documents.render import check_value_of, render_document
from ozg_desk.documents.templates import (
    BadTemplate,
    Template,
    TemplateSet,
    document_version,
    load_signature_rules,
    load_template_set,
)
from ozg_desk.domain.documents import DOKUMENT_FIELDS
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.keys import normalize_ozg_id
from ozg_desk.store import queries
from ozg_desk.store.changes import Changes
from ozg_desk.store.land_templates import land_templates, release_problem
from ozg_desk.store.register import Numbered, create_document


@dataclass(frozen=True)
class Generated:
    nummer: str
    path: Path
    sha256: str
    changes: Changes


def land_templates_of(session: Session) -> dict[str, str]:
    """The Land's template release as the last sync brought it (file name → text)."""
    with session.store.read() as connection:
        return land_templates(connection)


def templates_of(session: Session, land: Mapping[str, str] | None = None) -> TemplateSet:
    """The templates this data directory uses, those that cannot be used, and why the Land's
    newest template release was not taken, if so (`land`: the release, if read already)."""
    with session.store.read() as connection:
        if land is None:
            land = land_templates(connection)
        problem = release_problem(connection)
    loaded = load_template_set(session.data_dir.templates, land)
    if problem:
        note = (
            f"Die neueste Vorlagen-Freigabe des Landes wurde nicht übernommen "
            f"({problem.rstrip('.')}); es gelten die bisherigen Vorlagen."
        )
        loaded = replace(loaded, land_problems={"": note, **loaded.land_problems})
    return loaded


def pdf_path(session: Session, nummer: str) -> Path:
    canonical = normalize_number(nummer)
    if canonical is None:
        raise DomainError(f"„{nummer}“ ist keine Dokumentnummer (Form 2026-ABCD-0001).")
    return session.data_dir.documents / f"{canonical}.pdf"


def read_context(
    session: Session, ozg_ids: Sequence[str], *, today: dt.date, now: dt.datetime, bemerkung: str
) -> DocumentContext:
    """The document's data as plain values (the number is filled in when it is taken)."""
    wanted = [normalize_ozg_id(ozg_id) for ozg_id in ozg_ids]
    with session.store.read() as connection:
        behoerde = queries.local_behoerde(connection)
        if behoerde is None:
            raise DomainError("Bitte zuerst die Behörde einrichten.")
        rows = {row.ozg_id: row for row in queries.leistungen(connection, behoerde.id, wanted)}
    missing = [ozg_id for ozg_id in wanted if ozg_id not in rows]
    if missing:
        raise DomainError(f"Nicht im Leistungskatalog: {', '.join(missing)}.")
    leistungen = tuple(
        Leistung(row.ozg_id, row.name, row.themenfeld, row.leika_keys, dict(row.values))
        for row in (rows[ozg_id] for ozg_id in dict.fromkeys(wanted))
    )
    return DocumentContext(
        behoerde=dict(behoerde.values),
        gemeinden={gemeinde.ars: gemeinde.name for gemeinde in behoerde.gemeinden},
        leistungen=leistungen,
        nummer="",
        datum=today,
        created=now,
        bemerkung=bemerkung,
        kontakte={rolle: dict(values) for rolle, values in behoerde.kontakte.items()},
    )


def generate(
    session: Session,
    typ: str,
    ozg_ids: Sequence[str],
    *,
    bemerkung: str = "",
    now: dt.datetime | None = None,
    anyway: bool = False,
) -> Generated:
    """Make one document; raises DomainError / BadTemplate / NotFillable with a German reason,
    and NotFitting for records outside the template's statuses and fields unless `anyway`."""
    land = land_templates_of(session)  # one release for the wording and the signature rules
    templates = templates_of(session, land)
    if typ in templates.problems:
        raise BadTemplate(
            f"{templates.problems[typ]} Bis die Vorlage korrigiert (oder gelöscht) ist, lässt "
            "sich dieser Dokumenttyp nicht erzeugen."
        )
    template: Template | None = templates.templates.get(typ)
    if template is None:
        raise DomainError(f"Unbekannter Dokumenttyp „{typ}“ (siehe „ozg-desk documents types“).")
    bemerkung = str(DOKUMENT_FIELDS["bemerkung"].clean(bemerkung) or "")  # refuse before work
    moment = (now or dt.datetime.now().astimezone()).replace(microsecond=0)
    context = read_context(session, ozg_ids, today=moment.date(), now=moment, bemerkung=bemerkung)
    reasons = misfits(template, context.leistungen)
    if reasons and not anyway:
        raise NotFitting(template, reasons)  # before a number is taken
    rules = load_signature_rules(session.data_dir.templates, land.get("unterschriften.toml"))
    folder = session.data_dir.documents
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def produce(numbered: Numbered) -> dict[str, object]:
        filled = dataclasses.replace(context, nummer=numbered.nummer)
        pdf = render_document(template, filled, rules)
        path = folder / f"{numbered.nummer}.pdf"
        _write_new(path, pdf)
        written.append(path)
        return {
            "typ": template.typ,
            "titel": template.titel,
            "leistungen": [leistung.ozg_id for leistung in context.leistungen],
            "vorlage_version": document_version(template, rules),
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "pruefwert": check_value_of(template, filled),
            "erstellt_am": moment.isoformat(),
            "bemerkung": bemerkung,
        }

    try:
        changes, nummer = create_document(
            session.repository,
            document_number,
            produce,
            moment.date(),
            in_use=lambda nummer: (folder / f"{nummer}.pdf").exists(),
        )
    except BaseException:
        for path in written:  # the register has no entry for it: leave no orphan file
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    path = folder / f"{nummer}.pdf"
    return Generated(nummer, path, hashlib.sha256(path.read_bytes()).hexdigest(), changes)


def _write_new(path: Path, data: bytes) -> None:
    """Write the whole file or nothing; never replace an existing document."""
    temporary = path.with_suffix(".pdf.tmp")
    with temporary.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    try:
        if path.exists():
            raise DomainError(f"Die Datei {path.name} gibt es schon; sie wird nicht überschrieben.")
        temporary.replace(path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
