"""The one error root and the one classifier: what the user can act on, and what is a bug.

`KnownError` is the base of every problem of the environment or the input (its text is German,
for users); anything else is a bug and goes to the crash dialog and the log. `classify` turns a
SQLite error into a known one by its result code (never its message text), the way qutebrowser's
`misc/sql.py` does; `os_reason` names the cause of a file error for the sentence that names the
file.
"""

from __future__ import annotations

import errno
import sqlite3


class KnownError(Exception):
    """A problem of the environment or the input; `str(error)` is a German message for users."""


class StoreError(KnownError):
    """The database cannot be used right now (locked, read-only, full, damaged, too new)."""


class DatabaseLocked(StoreError):
    """Another program holds the database for too long."""


class DatabaseReadOnly(StoreError):
    """The database file or folder is not writable."""


class DiskFull(StoreError):
    """The disk is full."""


class DatabaseCorrupt(StoreError):
    """The file is damaged or not an OZG-Desk database."""


class DatabaseUnavailable(StoreError):
    """The file cannot be opened or read (I/O error, missing folder, lost network share)."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer OZG-Desk."""


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

_SQLITE: dict[int, tuple[type[StoreError], str]] = {
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
    # Broken file locking, typically a database on a network share.
    SQLITE_PROTOCOL: (DatabaseLocked, "Die Datenbank ist gerade gesperrt. Bitte erneut versuchen."),
    SQLITE_CORRUPT: (
        DatabaseCorrupt,
        "Die Datenbankdatei ist beschädigt. Bitte eine Sicherung "
        "aus dem Ordner „backups“ zurückspielen.",
    ),
    SQLITE_NOTADB: (DatabaseCorrupt, "Die Datei ist keine OZG-Desk-Datenbank."),
}


def classify(error: BaseException) -> KnownError:
    """The known error behind a failed database call, for `raise classify(error) from error`.

    Anything else is re-raised unchanged: a bug, or a known error the block raised itself (an
    edit refused inside a write transaction).
    """
    # SQLAlchemy wraps driver errors and keeps the original as `orig`.
    original = getattr(error, "orig", None) or error
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        known = _SQLITE.get(code & 0xFF) if isinstance(code, int) else None
        if known is not None:
            kind, message = known
            return kind(message)
    raise error


# The OS's own texts are English on most systems; these are the ones a user can act on.
_REASONS = {
    errno.ENOENT: "nicht vorhanden",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.EISDIR: "das ist ein Ordner",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.EEXIST: "ist schon vorhanden",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.EBUSY: "wird gerade benutzt",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    # A network share that went away under the program (NFS, SMB).
    errno.ESTALE: "die Netzwerkfreigabe ist nicht mehr erreichbar",
    errno.EHOSTDOWN: "die Netzwerkfreigabe ist nicht erreichbar",
    errno.ENETDOWN: "die Netzwerkfreigabe ist nicht erreichbar",
    errno.ENETUNREACH: "die Netzwerkfreigabe ist nicht erreichbar",
}


def os_reason(error: OSError) -> str:
    """A short German reason for a file error, e.g. „keine Berechtigung“."""
    if isinstance(error, PermissionError):  # also Windows' sharing violations (file open)
        return _REASONS[errno.EACCES]
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return f"Systemfehler {error.errno}" if error.errno else "unbekannter Fehler des Systems"
