"""The Land's release of document templates: TOML files by name, published by the central server
and pulled by every desktop like the catalogue.

The server reads every template when publishing (the rules of domain.document_templates), so
a broken one is refused at `ozg-desk-server templates import`. A desktop checks only the shape
(names, sizes, UTF-8, TOML, one file per type) when receiving, then reads each template itself
and keeps the shipped one where it cannot use the Land's: a desktop older than the server may
not know a newer placeholder, and that must not stop its sync. In the core, not in
documents.templates, because the server uses it (docs/decisions/0010).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from ozg_desk.app.errors import KnownError, os_reason
from ozg_desk.domain.document_templates import (
    BadTemplate,
    parse_signature_rules,
    parse_template,
)

MAX_FILES = 50
MAX_FILE_BYTES = 200_000  # as for a template in the data directory
FILE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}\.toml$")
SIGNATURES_FILE = "unterschriften.toml"


class BadTemplateRelease(KnownError):
    """The files are no template release; nothing was published or changed."""


def release_of_files(paths: Sequence[Path]) -> dict[str, object]:
    """The release content for these template files (server side: `templates import`)."""
    files: dict[str, str] = {}
    for path in paths:
        if not FILE_NAME.match(path.name):
            raise BadTemplateRelease(f"{ascii(path.name)[:80]} ist kein Name einer Vorlagendatei.")
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise BadTemplateRelease(
                f"{path} kann nicht gelesen werden: {os_reason(error)}."
            ) from None
        if len(raw) > MAX_FILE_BYTES:
            raise BadTemplateRelease(f"{path.name} ist unplausibel groß.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadTemplateRelease(f"{path.name} ist nicht in UTF-8 gespeichert.") from None
        if path.name in files:
            raise BadTemplateRelease(f"{path.name} ist zweimal angegeben.")
        files[path.name] = text
    if not files:
        raise BadTemplateRelease("Bitte mindestens eine Vorlagendatei angeben.")
    for name, text in files.items():  # first: its messages say where in the file
        try:
            if name == SIGNATURES_FILE:
                parse_signature_rules(name, text.encode("utf-8"))
            else:
                parse_template(name, text.encode("utf-8"), Path(name), origin="Land")
        except BadTemplate as error:
            raise BadTemplateRelease(f"{error} Es wurde nichts veröffentlicht.") from None
    content: dict[str, object] = {"files": files}
    files_of_release(content)  # the same checks every desktop makes
    return content


WITHDRAWAL: dict[str, object] = {"files": {}}  # a release without files: shipped ones again


def files_of_release(content: object) -> dict[str, str]:
    """File name → text of a release, or BadTemplateRelease."""
    files = content.get("files") if isinstance(content, Mapping) else None
    if not isinstance(files, Mapping) or len(files) > MAX_FILES:
        raise BadTemplateRelease(f"Eine Vorlagen-Freigabe enthält höchstens {MAX_FILES} Dateien.")
    checked: dict[str, str] = {}
    for name, text in files.items():
        if not isinstance(name, str) or not FILE_NAME.match(name):
            shown = ascii(name)[:80]  # may hold anything, even lone surrogates
            raise BadTemplateRelease(f"{shown} ist kein Name einer Vorlagendatei.")
        try:
            size = len(text.encode("utf-8")) if isinstance(text, str) else None
        except UnicodeEncodeError:  # JSON can carry lone surrogates
            size = None
        if size is None or size > MAX_FILE_BYTES:
            raise BadTemplateRelease(f"{name} ist kein Text oder unplausibel groß.")
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError):
            raise BadTemplateRelease(f"{name} ist kein gültiges TOML.") from None
        if name != SIGNATURES_FILE and data.get("typ") != name.removesuffix(".toml"):
            raise BadTemplateRelease(f"{name} muss eine Vorlage mit typ = „{name[:-5]}“ sein.")
        checked[name] = text
    return checked
