"""Errors raised by the domain when input is not acceptable; their text is shown to users."""

from ozg_desk.app.errors import KnownError


class DomainError(KnownError, ValueError):
    """Invalid user input; `str(error)` is a complete German sentence for the user.

    Still a ValueError, so parsers that refuse bad text with ValueError keep refusing it."""


class InvalidKey(DomainError):
    """A key (ARS, AGS, OZG-ID, LeiKa-Schlüssel) has the wrong form."""


class ValidationError(DomainError):
    """A field value is not acceptable (too long, wrong type, out of range)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class TransitionError(DomainError):
    """A status change is not allowed or lacks the data it requires."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing
