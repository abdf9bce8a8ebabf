"""Loading the document templates: shipped in resources/templates, replaced by the Land's
release and by the copies in the data directory (`vorlagen/`). A template's version includes a
digest of what it says, so any change of wording gives a new version; documents already
generated never change."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ozg_desk.app.errors import os_reason
from ozg_desk.app.resources import resources_dir
from ozg_desk.domain.document_templates import (
    SIGNATURES,
    BadTemplate,
    SignatureRules,
    Template,
    parse_signature_rules,
    parse_template,
)


def document_version(template: Template, rules: SignatureRules) -> str:
    """The template version a document records and prints: wording and signature rules."""
    return f"{template.version}.{rules.digest[:4]}"


def shipped_dir() -> Path:
    return resources_dir() / "templates"


@dataclass(frozen=True)
class TemplateSet:
    """The usable templates by type, and the user's copies that cannot be used (file stem →
    German reason). A type whose copy is broken is not offered at all: falling back to the
    shipped wording would print what the Amt chose not to say. A template of the Land's this
    version cannot read is only noted (`land_problems`): the shipped one stays in use."""

    templates: dict[str, Template]
    problems: dict[str, str]
    land_problems: dict[str, str] = field(default_factory=dict)


def load_template_set(user_dir: Path | None, land: Mapping[str, str] | None = None) -> TemplateSet:
    """Shipped templates (a broken one raises: the installation is damaged), then the Land's
    (file name → text, from the central server), then the copies in `user_dir`; each replaces
    the template of its type before it."""
    found = _shipped()
    problems: dict[str, str] = {}
    land_problems: dict[str, str] = {}
    for name, text in sorted((land or {}).items()):
        if name == f"{SIGNATURES}.toml":
            try:
                parse_signature_rules(name, text.encode("utf-8"))
            except BadTemplate as error:
                land_problems[name] = f"Vom Land: {error} Es gelten die mitgelieferten Regeln."
            continue
        try:
            template = parse_template(name, text.encode("utf-8"), Path(name), origin="Land")
        except BadTemplate as error:
            land_problems[name] = f"Vom Land: {error} Es gilt die mitgelieferte Vorlage."
            continue
        found[template.typ] = template
    if user_dir is not None and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.toml")):
            if path.stem == SIGNATURES:
                continue
            try:
                template = load_template(path)
                if template.typ != path.stem:  # one file per type, found where it is looked for
                    raise BadTemplate(
                        f"Die Vorlage {path.name} ist für den Typ „{template.typ}“; sie muss "
                        f"{template.typ}.toml heißen."
                    )
            except BadTemplate as error:
                problems[path.stem] = str(error)
                found.pop(path.stem, None)
                continue
            found[template.typ] = template
    return TemplateSet(dict(sorted(found.items())), problems, land_problems)


def _shipped() -> dict[str, Template]:
    paths = [path for path in sorted(shipped_dir().glob("*.toml")) if path.stem != SIGNATURES]
    return {template.typ: template for template in map(load_template, paths)}


def load_templates(user_dir: Path | None = None) -> dict[str, Template]:
    """All templates by type, refusing if any of the user's copies is broken."""
    loaded = load_template_set(user_dir)
    if loaded.problems:
        raise BadTemplate(next(iter(loaded.problems.values())))
    return loaded.templates


def load_template(path: Path) -> Template:
    origin = "mitgeliefert" if path.parent == shipped_dir() else "eigene"
    return parse_template(path.name, _read_bytes(path), path, origin=origin)


def load_signature_rules(user_dir: Path | None = None, land: str | None = None) -> SignatureRules:
    """Who signs, by Behörde type (unterschriften.toml): the user's copy, else the Land's
    (`land`, its text; kept to the shipped rules where this version cannot read it), else the
    shipped one."""
    name = f"{SIGNATURES}.toml"
    if user_dir is not None and (user_dir / name).is_file():
        return parse_signature_rules(name, _read_bytes(user_dir / name))
    if land is not None:
        with contextlib.suppress(BadTemplate):
            return parse_signature_rules(name, land.encode("utf-8"))
    return parse_signature_rules(name, _read_bytes(shipped_dir() / name))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadTemplate(
            f"Die Vorlage {path.name} kann nicht gelesen werden ({os_reason(error)})."
        ) from None
