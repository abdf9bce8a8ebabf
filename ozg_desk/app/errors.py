"""The base of all errors the user can act on; anything else is a bug."""

from __future__ import annotations

import errno


class KnownError(Exception):
    """A problem of the environment or the input; `str(error)` is a German message for users."""


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
}


def os_reason(error: OSError) -> str:
    """A short German reason for a file error, e.g. „keine Berechtigung“."""
    if isinstance(error, PermissionError):  # also Windows' sharing violations (file open)
        return _REASONS[errno.EACCES]
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return f"Systemfehler {error.errno}" if error.errno else "unbekannter Fehler des Systems"
