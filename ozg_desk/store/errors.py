"""Store errors split into known ones (the environment: disk full, locked, read-only) and bugs.

Known errors carry a German message for the user; anything else is a bug and goes to the crash
dialog and the log. The classification uses SQLite's result codes, not message text.
"""

from __future__ import annotations

import sqlite3

from ozg_desk.app.errors import KnownError

# SQLite primary result codes (https://sqlite.org/rescode.html).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_PROTOCOL = 15
SQLITE_NOTADB = 26


class StoreError(Exception):
    """Base of all store errors."""


class KnownStoreError(StoreError, KnownError):
    """An error caused by the environment; `str(error)` is a German message for the user."""


class DatabaseLocked(KnownStoreError):
    """Another program holds the database for too long."""


class DatabaseReadOnly(KnownStoreError):
    """The database file or folder is not writable."""


class DiskFull(KnownStoreError):
    """The disk is full."""


class DatabaseCorrupt(KnownStoreError):
    """The file is damaged or not an OZG-Desk database."""


class DatabaseUnavailable(KnownStoreError):
    """The file cannot be opened or read (I/O error, missing folder)."""


class DatabaseTooNew(KnownStoreError):
    """The database was written by a newer OZG-Desk."""


_MESSAGES: dict[int, tuple[type[KnownStoreError], str]] = {
    SQLITE_BUSY: (
        DatabaseLocked,
        "Die Datenbank ist gerade durch ein anderes Programm gesperrt. "
        "Bitte in einigen Sekunden erneut versuchen.",
    ),
    SQLITE_LOCKED: (DatabaseLocked, "Die Datenbank ist gerade gesperrt. Bitte erneut versuchen."),
    SQLITE_READONLY: (
        DatabaseReadOnly,
        "Die Datenbank ist schreibgeschützt. Bitte prüfen Sie die "
        "Schreibrechte für den Datenordner.",
    ),
    SQLITE_FULL: (
        DiskFull,
        "Der Datenträger ist voll. Bitte schaffen Sie Platz; Ihre letzte "
        "Änderung wurde nicht gespeichert.",
    ),
    SQLITE_IOERR: (
        DatabaseUnavailable,
        "Die Datenbank konnte nicht gelesen oder geschrieben "
        "werden (Ein-/Ausgabefehler des Datenträgers).",
    ),
    SQLITE_CANTOPEN: (DatabaseUnavailable, "Die Datenbankdatei kann nicht geöffnet werden."),
    SQLITE_PROTOCOL: (DatabaseLocked, "Die Datenbank ist gerade gesperrt. Bitte erneut versuchen."),
    SQLITE_CORRUPT: (
        DatabaseCorrupt,
        "Die Datenbankdatei ist beschädigt. Bitte eine Sicherung "
        "aus dem Ordner „backups“ zurückspielen.",
    ),
    SQLITE_NOTADB: (DatabaseCorrupt, "Die Datei ist keine OZG-Desk-Datenbank."),
}


def classify(error: BaseException) -> BaseException:
    """Return a KnownStoreError for environment failures, or `error` itself for bugs."""
    # SQLAlchemy wraps driver errors and keeps the original as `orig`.
    original = getattr(error, "orig", None) or error
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        if isinstance(code, int):
            known = _MESSAGES.get(code & 0xFF)
            if known is not None:
                kind, message = known
                result = kind(message)
                result.__cause__ = error
                return result
    return error
