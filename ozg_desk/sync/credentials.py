"""The device token and a proxy password live only in the OS keyring (Windows Credential Locker).

They are never written to the database, a settings file or a log. Without a secure keyring backend
OZG-Desk refuses to store it and says why, instead of falling back to a plain file.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from ozg_desk.sync.errors import NotConfigured

SERVICE = "OZG-Desk"
INSECURE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class NoSecureKeyring(NotConfigured):
    """No secure place to keep the token."""


def secure_backend() -> KeyringBackend | None:
    """The active backend if it is a secure one."""
    backend = keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith(INSECURE_BACKENDS) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def _backend() -> KeyringBackend:
    backend = secure_backend()
    if backend is None:
        raise NoSecureKeyring(
            "Auf diesem Rechner steht kein sicherer Schlüsselspeicher zur Verfügung. Der "
            "Zugangsschlüssel wird deshalb nicht gespeichert; bitte die IT fragen."
        )
    return backend


def store_token(server_url: str, token: str) -> None:
    try:
        _backend().set_password(SERVICE, server_url, token)
    except keyring.errors.KeyringError as error:
        raise NoSecureKeyring(
            "Der Zugangsschlüssel konnte nicht im Schlüsselspeicher des "
            f"Systems abgelegt werden ({type(error).__name__})."
        ) from None


def load_token(server_url: str) -> str:
    try:
        token = _backend().get_password(SERVICE, server_url)
    except keyring.errors.KeyringError:
        token = None
    if not token:
        raise NotConfigured(
            "Für diesen Server ist kein Zugangsschlüssel hinterlegt. Bitte unter "
            "„Synchronisation → Verbindung“ eintragen."
        )
    return token


def forget_token(server_url: str) -> None:
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        _backend().delete_password(SERVICE, server_url)


def _proxy_key(proxy_url: str) -> str:
    return "proxy:" + proxy_url


def store_proxy_password(proxy_url: str, password: str) -> None:
    """`proxy_url` names the user but holds no password (the form kept in settings)."""
    try:
        _backend().set_password(SERVICE, _proxy_key(proxy_url), password)
    except keyring.errors.KeyringError as error:
        raise NoSecureKeyring(
            "Das Proxy-Kennwort konnte nicht im Schlüsselspeicher des "
            f"Systems abgelegt werden ({type(error).__name__})."
        ) from None


def load_proxy_password(proxy_url: str) -> str | None:
    try:
        return _backend().get_password(SERVICE, _proxy_key(proxy_url))
    except (keyring.errors.KeyringError, NoSecureKeyring):
        return None
