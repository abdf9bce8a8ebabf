"""Careful reading of user-supplied CSV files: size, encoding, binary content, columns.

A bad file raises `BadFile` with a German message before anything is written; a bad row is
returned as a `RowError` with its line number so that the rest of the file can still be used.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ozg_desk.app.errors import KnownError, os_reason
from ozg_desk.domain.fields import german_int

MAX_FILE_BYTES = 10 * 1024 * 1024  # the real catalogue is 0.4 MB
MAX_CELL_CHARS = 2000


class BadFile(KnownError):
    """The file as a whole cannot be imported; nothing was changed."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path


@dataclass(frozen=True)
class RowError:
    """A rejected row: file name, line number (1 = header) and German reason."""

    file: str
    line: int
    message: str

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class CsvRow:
    """One data row with the line it starts on."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class CsvFile:
    """A decoded CSV file: its path, checksum, header and rows."""

    path: Path
    sha256: str
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    errors: tuple[RowError, ...]


def read_header(path: Path) -> tuple[str, ...]:
    """Only the normalised column names, for deciding what kind of file this is."""
    return _parse(path, _decoded(path, _read_bytes(path)), header_only=True).columns


def read_csv(path: Path, required: Sequence[str], what: str) -> CsvFile:
    """Read `path` as a CSV file of `what` (German, for messages) with the `required` columns."""
    data = _read_bytes(path)
    parsed = _parse(path, _decoded(path, data), header_only=False)
    missing = [name for name in required if name not in parsed.columns]
    if missing:
        raise BadFile(
            path,
            f"Für {what} fehlen die Spalten {_names(missing)}. Gefunden wurden: "
            f"{_names(parsed.columns) or 'keine'}.",
        )
    return CsvFile(
        path, hashlib.sha256(data).hexdigest(), parsed.columns, parsed.rows, parsed.errors
    )


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
            raise BadFile(
                path,
                f"Die Datei ist mit {megabytes} MB zu groß (höchstens "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB). Ist es die richtige Datei?",
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise BadFile(path, "Die Datei wurde nicht gefunden.") from None
    except IsADirectoryError:
        raise BadFile(path, "Das ist ein Ordner, keine Datei.") from None
    except PermissionError:
        raise BadFile(path, "Keine Berechtigung, die Datei zu lesen.") from None
    except OSError as error:
        raise BadFile(path, f"Die Datei kann nicht gelesen werden ({os_reason(error)}).") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadFile(path, "Die Datei ist zu groß.")
    if not data.strip():
        raise BadFile(path, "Die Datei ist leer.")
    if b"\x00" in data[:65536] or _looks_binary(data[:4096]):
        raise BadFile(path, "Die Datei ist keine CSV-Textdatei (sie enthält Binärdaten).")
    return data


def _looks_binary(head: bytes) -> bool:
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return control > len(head) // 100 + 2


def _decoded(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp1252")
            hint = " Vermutlich ist sie als Windows-1252 („ANSI“) gespeichert."
        except UnicodeDecodeError:
            pass
        raise BadFile(
            path,
            f"Die Datei ist nicht UTF-8-kodiert (erstes ungültiges Zeichen in Zeile {line}).{hint} "
            "Bitte in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.",
        ) from None


def _parse(path: Path, text: str, *, header_only: bool) -> CsvFile:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    try:
        header = next(reader, None)
        if header is None:
            raise BadFile(path, "Die Datei ist leer.")
        columns = tuple(name.strip().lower() for name in header)
        if len(set(columns)) != len(columns):
            raise BadFile(path, "Die Kopfzeile enthält eine Spalte doppelt.")
        if header_only:
            return CsvFile(path, "", columns, (), ())
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(columns):
                errors.append(
                    RowError(path.name, line, f"{len(cells)} statt {len(columns)} Spalten.")
                )
                continue
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                errors.append(RowError(path.name, line, "Ein Wert ist unplausibel lang."))
                continue
            rows.append(CsvRow(line, dict(zip(columns, (c.strip() for c in cells), strict=True))))
    except csv.Error as error:
        raise BadFile(
            path, f"Die CSV-Datei ist fehlerhaft (Zeile {reader.line_num}): {error}."
        ) from None
    return CsvFile(path, "", columns, tuple(rows), tuple(errors))


def _names(names: Iterable[str]) -> str:
    return ", ".join(f"„{name}“" for name in names)


def duplicates_message(key_label: str, lines: dict[str, list[int]]) -> str | None:
    """A German message listing keys that occur on more than one line, or None."""
    repeated = {key: found for key, found in lines.items() if len(found) > 1}
    if not repeated:
        return None
    examples = "; ".join(
        f"{key} (Zeilen {', '.join(map(str, found))})" for key, found in list(repeated.items())[:5]
    )
    more = len(repeated) - 5
    tail = f" und {german_int(more)} weitere" if more > 0 else ""
    return f"{key_label} kommen mehrfach vor: {examples}{tail}. Die Datei wurde nicht importiert."
