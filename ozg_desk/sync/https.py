"""HTTPS sessions for the sync client and the connection check: one trust store, one chosen proxy.

requests on its own would add certifi's bundle to any SSL context, read proxies and a CA bundle
from the environment and credentials from ~/.netrc. Here none of that happens: the certificate
is checked against the given context only (the operating system's store by default) and the
proxy is exactly the one chosen by `proxy_for`.
"""

from __future__ import annotations

import ssl
import urllib.request
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import requests
import truststore
from requests.adapters import HTTPAdapter


class _TrustAdapter(HTTPAdapter):
    """Uses one SSL context for every HTTPS connection, direct or through a proxy tunnel."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(
            connections, maxsize, block, **pool_kwargs, ssl_context=self._context
        )

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        return super().proxy_manager_for(proxy, **proxy_kwargs, ssl_context=self._context)

    def cert_verify(self, conn: Any, url: str, verify: object, cert: object) -> None:
        # Always verify, trusting only the context: requests would add certifi's bundle to it.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None


def system_context() -> ssl.SSLContext:
    """The operating system's trust store (Windows certificate store, macOS keychain, …)."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def open_session(context: ssl.SSLContext, proxy_url: str | None) -> requests.Session:
    """A session that trusts only `context` and uses exactly `proxy_url` (None: direct)."""
    if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
        raise ValueError("Die Prüfung des Zertifikats lässt sich nicht abschalten.")
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", _TrustAdapter(context))
    session.proxies = {"https": proxy_url} if proxy_url else {}
    return session


def system_proxy(host: str) -> str | None:
    """The system's https proxy for `host` (environment, or the registry on Windows)."""
    proxy = urllib.request.getproxies().get("https")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return str(proxy)


def proxy_for(server_url: str, configured: str | None) -> str | None:
    """The configured proxy wins over the system's; "" or a local plain-http server: direct."""
    parts = urlsplit(server_url)
    if parts.scheme == "http":
        return None  # only a server on this machine is plain http; proxies never serve it
    if configured is None:
        return system_proxy(parts.hostname or "")
    configured = configured.strip()
    if configured and "://" not in configured:
        configured = f"http://{configured}"
    return configured or None


def split_password(proxy_url: str) -> tuple[str, str | None]:
    """The proxy URL without its password (safe to store in settings), and the password."""
    parts = urlsplit(proxy_url)
    if parts.password is None:
        return proxy_url, None
    user = quote(unquote(parts.username or ""), safe="")
    netloc = f"{user}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")), unquote(parts.password)


def with_password(proxy_url: str, password: str | None) -> str:
    """Put a password (from the keyring) back into a proxy URL that names a user."""
    parts = urlsplit(proxy_url)
    if not password or not parts.username or parts.password is not None:
        return proxy_url
    netloc = f"{parts.username}:{quote(password, safe='')}@{parts.hostname}"
    netloc += f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
