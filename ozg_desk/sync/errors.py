"""Why a sync round could not finish, as German messages; local data is never touched by them."""

from __future__ import annotations

from ozg_desk.app.errors import KnownError


class SyncError(KnownError):
    """A sync round stopped; nothing local was lost (the outbox keeps every edit)."""


class NotConfigured(SyncError):
    """No server or no token configured yet."""


class Offline(SyncError):
    """The server cannot be reached (name resolution, connection, timeout, proxy)."""


class DeadlineExceeded(Offline):
    """The round took longer than its overall time limit."""


class CertificateRejected(SyncError):
    """TLS verification failed; verification is never switched off."""


class AuthenticationFailed(SyncError):
    """The token is unknown or revoked (HTTP 401)."""


class ProtocolMismatch(SyncError):
    """Client and server speak different protocol versions (HTTP 426)."""


class ServerFailed(SyncError):
    """The server answered with an error status; `details` is its error answer, if JSON."""

    def __init__(self, message: str, status: int, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.details = details or {}


class HistoryLost(SyncError):
    """The server no longer has the history this PC's position comes from (it was restored
    from a backup): read its feed anew and send again what it lacks."""

    def __init__(self, message: str, epoch: str, epoch_start: int) -> None:
        super().__init__(message)
        self.epoch, self.epoch_start = epoch, epoch_start


class BadServerResponse(SyncError):
    """The server's answer is malformed or implausible; nothing of it was applied."""
