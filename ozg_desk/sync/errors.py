"""Why a sync round could not finish, as German messages; local data is never touched by them."""

from __future__ import annotations

from ozg_desk.errors import KnownError


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
    """The server answered with an error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class BadServerResponse(SyncError):
    """The server's answer is malformed or implausible; nothing of it was applied."""
