"""„Aus Scan lesen …“ in „Rücklauf erfassen“: the QR codes on a scan of the returned papers,
read page by page on the file worker; a progress window appears for longer scans, and
„Abbrechen“ (or closing the dialog) stops between pages with nothing recorded. What was found
is summed up by `scan_summary`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ozg_desk.documents.returns import look_up
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents.batch import progress_dialog
from ozg_desk.ui.widgets.form_support import guarded

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry

SCAN_FILTER = "Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;Alle Dateien (*)"


def _page_count(path: Path) -> int:
    from ozg_desk.documents.scans import page_count  # noqa: PLC0415 - loads pdfium and zxing

    return page_count(path)


def _codes(path: Path, index: int) -> list[str]:
    from ozg_desk.documents.scans import codes_on_page  # noqa: PLC0415

    return codes_on_page(path, index)


@dataclass
class ScanResult:
    """Per page of every file: the codes found; files that could not be read, with why."""

    codes: list[tuple[str, int, list[str]]] = field(default_factory=list)  # name, page, texts
    unreadable: list[str] = field(default_factory=list)
    cancelled: bool = False


class ScanRun(QObject):
    """Counts the pages of every file, then reads them one by one; `finished` at the end."""

    finished = Signal()

    def __init__(self, desk: Desk, paths: Sequence[Path], parent: QWidget) -> None:
        super().__init__(parent)
        self.owner = parent  # answers arriving after it was closed are dropped
        self.desk, self.paths = desk, list(paths)
        self.result = ScanResult()
        self.pages: list[tuple[Path, int]] = []
        self._counted = 0
        self._done = 0
        self.progress = progress_dialog(
            parent, 0, "Scan wird gelesen …", "Scan lesen", "Aufhören, nichts erfassen"
        )
        self.progress.canceled.connect(self.cancel)

    def start(self) -> None:
        self.progress.setValue(0)  # starts Qt's timer: shown only if still running then
        self._count_next()

    def cancel(self) -> None:
        self.result.cancelled = True

    def _count_next(self) -> None:
        if self.result.cancelled:
            self._finish()
            return
        if self._counted == len(self.paths):
            self.progress.setMaximum(max(len(self.pages), 1))
            self._read_next()
            return
        path = self.paths[self._counted]
        self.desk.run_background(
            lambda: _page_count(path),
            guarded(self.owner, lambda count: self._counted_pages(path, count)),
            label="Scan wird gelesen",
            on_error=guarded(self.owner, self._unreadable),
            files_only=True,
        )

    def _counted_pages(self, path: Path, count: int) -> None:
        self.pages += [(path, index) for index in range(count)]
        self._counted += 1
        self._count_next()

    def _unreadable(self, error: BaseException) -> None:
        self.result.unreadable.append(self.desk.explain(error))
        if self._counted < len(self.paths):
            self._counted += 1
            self._count_next()
        else:  # a page could not be read: the rest of the scan still can
            self._done += 1
            self.progress.setValue(self._done)
            self._read_next()

    def _read_next(self) -> None:
        if self.result.cancelled or self._done >= len(self.pages):
            self._finish()
            return
        path, index = self.pages[self._done]
        self.progress.setLabelText(
            f"{path.name}: Seite {index + 1} wird gelesen "
            f"({self._done + 1} von {len(self.pages)}) …"
        )
        self.desk.run_background(
            lambda: _codes(path, index),
            guarded(self.owner, lambda texts: self._read(path, index, texts)),
            label="Scan wird gelesen",
            on_error=guarded(self.owner, self._unreadable),
            files_only=True,
        )

    def _read(self, path: Path, index: int, texts: list[str]) -> None:
        self.result.codes.append((path.name, index + 1, texts))
        self._done += 1
        self.progress.setValue(self._done)
        self._read_next()

    def _finish(self) -> None:
        self.progress.reset()
        self.progress.hide()
        self.finished.emit()


@dataclass
class ScanFindings:
    """What the codes of a scan mean for the register."""

    to_record: list[RegisterEntry] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # numbers recorded before
    refused: list[str] = field(default_factory=list)  # German reasons (wrong check value …)
    without_code: list[str] = field(default_factory=list)  # „scan.pdf S. 3“


def findings(result: ScanResult, entries: Mapping[str, RegisterEntry]) -> ScanFindings:
    """Each document once, however often its code is on the scan."""
    found = ScanFindings()
    seen: set[str] = set()
    for name, page, texts in result.codes:
        ours = [text for text in texts if text.upper().startswith("OZGD:")]
        if not ours:
            found.without_code.append(f"{name} S. {page}")
        for text in ours:
            lookup = look_up(text, entries)
            key = lookup.entry.nummer if lookup.entry is not None else text
            if key in seen:
                continue
            seen.add(key)
            if lookup.entry is not None and lookup.problem is None:
                found.to_record.append(lookup.entry)
            elif lookup.entry is not None:
                found.already.append(lookup.entry.nummer)
            else:
                found.refused.append(f"{name} S. {page}: {lookup.problem}")
    return found


def scan_summary(found: ScanFindings, recorded: Sequence[str], result: ScanResult) -> str:
    """The German report shown in the dialog after a scan was read (and recorded)."""
    lines = []
    if result.cancelled:
        return "Das Lesen des Scans wurde abgebrochen; nichts erfasst."
    if recorded:
        count = "1 Dokument" if len(recorded) == 1 else f"{len(recorded)} Dokumente"
        lines.append(f"Aus dem Scan erfasst: {count} ({', '.join(recorded)}).")
    else:
        lines.append("Aus dem Scan wurde nichts erfasst.")
    if found.already:
        lines.append(f"Bereits erfasst: {', '.join(found.already)}.")
    lines += found.refused
    lines += result.unreadable
    if found.without_code:
        pages = ", ".join(found.without_code[:12])
        more = (
            f" und {len(found.without_code) - 12} weitere" if len(found.without_code) > 12 else ""
        )
        lines.append(f"Ohne QR-Code eines Dokuments: {pages}{more}.")
    return "\n".join(lines)
