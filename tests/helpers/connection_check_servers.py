"""Loopback helpers for the connection check tests: certificates, an API server, a proxy."""

from __future__ import annotations

import base64
import json
import selectors
import socket
import socketserver
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

GOOD_TOKEN = "ozgtok-Richtig-7f3a9c2e41b84d0f9a6e"  # noqa: S105 - test value to search for
BAD_TOKEN = "ozgtok-Falsch-0c1d2e3f4a5b6c7d8e9f"  # noqa: S105 - test value to search for
WHOAMI = {"protocol": 1, "tenant": "130765668000", "tenant_name": "Amt Crivitz", "role": "behoerde"}


# --- certificates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """A key and certificate that can sign others (a CA, or a self-signed leaf)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    pem: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OZG-Desk Tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_ca(directory: Path, common_name: str) -> Issuer:
    """A root CA (as a TLS-inspecting proxy or a Land's private CA would have)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(tz=UTC)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = directory / f"{common_name.replace(' ', '_')}.pem"
    pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return Issuer(key, certificate, pem)


def issue(
    directory: Path,
    label: str,
    names: list[str],
    issuer: Issuer | None,
    *,
    expired: bool = False,
) -> tuple[Path, Path]:
    """A server certificate for `names` (DNS names or IP addresses); self-signed without issuer."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(tz=UTC)
    start, end = (
        (now - timedelta(days=30), now - timedelta(days=1))
        if expired
        else (
            now - timedelta(days=1),
            now + timedelta(days=30),
        )
    )
    alternatives: list[x509.GeneralName] = []
    for name in names:
        try:
            alternatives.append(x509.IPAddress(ip_address(name)))
        except ValueError:
            alternatives.append(x509.DNSName(name))
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0]))
        .issuer_name(issuer.certificate.subject if issuer else _name(names[0]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()),
            critical=False,
        )
    )
    certificate = builder.sign(signer_key, hashes.SHA256())
    cert_path, key_path = directory / f"{label}.crt", directory / f"{label}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_context(cert_and_key: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*cert_and_key)
    return context


def client_context(ca: Issuer) -> ssl.SSLContext:
    """What a user's trust store would be if the CA were installed in it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=ca.pem)
    return context


# --- the API server -------------------------------------------------------------------------

Route = tuple[int, str, bytes]  # status, content type, body


def json_route(status: int, body: object) -> Route:
    return status, "application/json", json.dumps(body).encode()


class ApiHandler(BaseHTTPRequestHandler):
    server: ApiServer

    def do_GET(self) -> None:
        self.server.seen.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path)
        if callable(route):
            route = route(self)
        if route is None and self.path == "/api/v1/status":
            route = json_route(200, {"protocol": 1, "server_time": "2026-11-23T09:00:00+00:00"})
        if route is None and self.path == "/api/v1/whoami":
            given = self.headers.get("Authorization", "")
            if given == f"Bearer {GOOD_TOKEN}":
                route = json_route(200, WHOAMI)
            else:  # echoes what it got, as a careless server might
                route = json_route(401, {"protocol": 1, "detail": f"unbekannt: {given}"})
        status, content_type, body = route or (404, "text/plain", b"not found")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.path in self.server.gzip_paths:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class ApiServer(ThreadingHTTPServer):
    """/api/v1/status and /api/v1/whoami over http or, with `tls`, https."""

    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), ApiHandler)
        self.tls = tls
        self.routes: dict[str, Route | Callable[[ApiHandler], Route] | None] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.gzip_paths: set[str] = set()  # bodies sent as they are, declared gzip-encoded

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        if self.tls is not None:
            # Handshake in the handler thread, so a client that gives up cannot block the loop.
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that reject the certificate are what several tests want


# --- a CONNECT proxy ------------------------------------------------------------------------


def read_head(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


class ProxyHandler(socketserver.BaseRequestHandler):
    server: Proxy

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        lines = read_head(sock).decode("latin-1").split("\r\n")
        method, target, *_ = [*lines[0].split(" "), "", ""]
        headers = {
            key.strip().lower(): value.strip()
            for key, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        self.server.seen.append((method, target))
        if self.server.credentials is not None:
            user, password = self.server.credentials
            expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
            if headers.get("proxy-authorization") != expected:
                sock.sendall(
                    b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + f"Proxy-Authenticate: {self.server.challenge}\r\n".encode()
                    + b"Content-Length: 0\r\n\r\n"
                )
                return
        if self.server.status is not None or method != "CONNECT":
            sock.sendall(f"HTTP/1.1 {self.server.status or 405} Nein\r\n\r\n".encode())
            return
        host, _, port = target.rpartition(":")
        with socket.create_connection((host.strip("[]"), int(port)), timeout=5) as upstream:
            sock.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(sock, upstream)


def relay(one: socket.socket, other: socket.socket) -> None:
    with selectors.DefaultSelector() as selector:
        selector.register(one, selectors.EVENT_READ, other)
        selector.register(other, selectors.EVENT_READ, one)
        while True:
            events = selector.select(timeout=5)
            if not events:
                return
            for key, _ in events:
                source: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    chunk = source.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                key.data.sendall(chunk)


class Proxy(socketserver.ThreadingTCPServer):
    """A CONNECT proxy; with `credentials` it wants Basic auth, with `status` it answers that."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        credentials: tuple[str, str] | None = None,
        *,
        status: int | None = None,
        challenge: str = 'Basic realm="Behoerdennetz"',
    ) -> None:
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.credentials = credentials
        self.status = status
        self.challenge = challenge
        self.seen: list[tuple[str, str]] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


@contextmanager
def running(server: socketserver.BaseServer) -> Iterator[None]:
    """Serve in a thread for the duration of the block."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A loopback port nobody listens on (bound briefly, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
