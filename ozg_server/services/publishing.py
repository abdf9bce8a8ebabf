"""Publish files (catalogue, areas, document templates) as releases for all clients."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from ozg_desk.domain.fields import german_int
from ozg_desk.importers.areas import parse_areas
from ozg_desk.importers.catalogue import parse_catalogue
from ozg_desk.importers.template_release import WITHDRAWAL, release_of_files
from ozg_server.services import releases


def files_in(content: dict[str, object]) -> list[str]:
    files = content["files"]
    return list(files) if isinstance(files, dict) else []


def publish_files(engine: Engine, kind: str, files: Sequence[Path], stand: str | None) -> str:
    """Check the files like the desktop import does, publish them, and describe the result."""
    if kind == "catalogue":
        parsed = parse_catalogue(files)
        version = releases.publish(engine, "catalogue", parsed.release(stand), stand, "admin")
        report = parsed.report
        return (
            f"Katalog als Version {version} veröffentlicht: "
            f"{german_int(len(parsed.ozg))} OZG-Leistungen, "
            f"{german_int(len(parsed.leika))} LeiKa-Leistungen, "
            f"{report.ozg_leistungen.rejected + report.leika_leistungen.rejected} abgelehnt."
        )
    if kind == "templates":
        if not files:  # `templates withdraw`
            version = releases.publish(engine, "templates", dict(WITHDRAWAL), stand, "admin")
            return (
                f"Vorlagen des Landes zurückgezogen (Version {version}); "
                "es gelten die mitgelieferten."
            )
        content = release_of_files(files)
        version = releases.publish(engine, "templates", content, stand, "admin")
        names = ", ".join(sorted(files_in(content)))
        return f"Vorlagen als Version {version} veröffentlicht: {names}."
    areas = parse_areas(files[0], stand)
    version = releases.publish(engine, "areas", areas.release(), stand, "admin")
    return (
        f"Gebietsdaten als Version {version} veröffentlicht: {len(areas.rows)} Gebiete, "
        f"{areas.report.gebiete.rejected} abgelehnt."
    )
