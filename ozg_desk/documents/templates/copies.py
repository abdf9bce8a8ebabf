"""„Vorlage anpassen“: copy a shipped template into the data directory's `vorlagen/` folder, where
it replaces the shipped one for documents generated from then on (see loading.load_template_set),
and set such a copy aside again. A copy is never overwritten or deleted: it may hold the user's
work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ozg_desk.app.errors import os_reason
from ozg_desk.documents.templates import (
    SIGNATURES,
    BadTemplate,
    TemplateSet,
    load_signature_rules,
    load_template,
    load_template_set,
    shipped_dir,
)
from ozg_desk.domain.errors import DomainError

SIGNATURES_TITLE = "Unterschriftenregeln (wer je Behördenart unterschreibt)"
HEADER = """\
# Angepasste Vorlage von OZG-Desk. Sie gilt für alle Dokumente dieses Typs, die ab jetzt erzeugt
# werden; bereits erzeugte Dokumente bleiben unverändert. Jede Änderung ergibt eine neue
# Vorlagenversion. Platzhalter und Abschnitte beschreibt die Datei README.md in diesem Ordner.
# Löschen Sie diese Datei, um wieder die Vorlage des Landes oder die mitgelieferte zu verwenden.

"""


@dataclass(frozen=True)
class TemplateChoice:
    """One template the user may adapt, and where its current text comes from."""

    typ: str
    titel: str
    customized: bool
    problem: str | None = None  # why the customised copy cannot be used
    from_land: bool = False  # the Land distributed this type's template


def choices(user_dir: Path, land: Mapping[str, str] | None = None) -> list[TemplateChoice]:
    """Every document type (shipped or from the Land) plus the signature rules, with the
    problem of a broken copy."""
    loaded = load_template_set(None, land)
    titles = {typ: template.titel for typ, template in loaded.templates.items()}
    titles[SIGNATURES] = SIGNATURES_TITLE
    result = []
    for typ, titel in titles.items():
        copy, from_land = _copy_path(user_dir, typ), _usable_from_land(typ, land, loaded)
        if not copy.is_file():
            result.append(TemplateChoice(typ, titel, customized=False, from_land=from_land))
            continue
        problem = None
        try:
            load_signature_rules(user_dir) if typ == SIGNATURES else load_template(copy)
        except BadTemplate as error:
            problem = str(error)
        result.append(TemplateChoice(typ, titel, True, problem, from_land))
    return result


def _usable_from_land(typ: str, land: Mapping[str, str] | None, loaded: TemplateSet) -> bool:
    if typ == SIGNATURES:
        name = f"{SIGNATURES}.toml"
        return name in (land or {}) and name not in loaded.land_problems
    template = loaded.templates.get(typ)
    return template is not None and template.origin == "Land"


def customize(typ: str, user_dir: Path, land: Mapping[str, str] | None = None) -> Path:
    """The user's copy of `typ`'s template, made from the Land's version where this PC can use
    it (else the shipped one) if there is none yet."""
    loaded = load_template_set(None, land)
    known = {*loaded.templates, SIGNATURES}
    if typ not in known:
        raise DomainError(f"„{typ}“ ist kein Dokumenttyp ({', '.join(sorted(known))}).")
    target = _copy_path(user_dir, typ)
    if target.is_file():
        return target
    if _usable_from_land(typ, land, loaded):
        text = (land or {})[f"{typ}.toml"]
    else:
        source = shipped_dir() / f"{SIGNATURES}.toml"
        if typ in loaded.templates:
            source = loaded.templates[typ].source
        text = source.read_text(encoding="utf-8")
    if user_dir.exists() and not user_dir.is_dir():
        raise DomainError(f"{user_dir} ist eine Datei, kein Ordner; bitte umbenennen.")
    try:
        user_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".teil")
        partial.write_text(HEADER + text, encoding="utf-8")
        partial.replace(target)
        readme = user_dir / "README.md"  # the placeholders, next to the copy that uses them
        if not readme.exists():
            readme.write_bytes((shipped_dir() / "README.md").read_bytes())
    except OSError as error:
        raise DomainError(
            f"Die Vorlage konnte nicht nach {user_dir} kopiert werden: {os_reason(error)}."
        ) from None
    return target


def reset(typ: str, user_dir: Path, now: dt.datetime) -> Path | None:
    """Set the user's copy aside so the shipped template applies again. It is renamed, not
    deleted (it may hold hours of work); returns where it went, None if there was no copy."""
    copy = _copy_path(user_dir, typ)
    if not copy.is_file():
        return None
    for number in range(1, 100):
        suffix = f"-{number}" if number > 1 else ""
        backup = copy.with_name(f"{copy.name}.{now:%Y%m%d-%H%M%S}{suffix}.bak")
        if not backup.exists():
            break
    try:
        copy.rename(backup)
    except OSError as error:
        raise DomainError(
            f"Die Vorlage {copy.name} konnte nicht beiseitegelegt werden: {os_reason(error)}."
        ) from None
    return backup


def _copy_path(user_dir: Path, typ: str) -> Path:
    return user_dir / f"{typ}.toml"
