"""The base of all errors the user can act on; anything else is a bug."""


class KnownError(Exception):
    """A problem of the environment or the input; `str(error)` is a German message for users."""
