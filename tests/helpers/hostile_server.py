"""A reverse proxy in front of the real test server that answers chosen paths as a hostile or
broken server would: altered JSON, garbage, huge or endlessly trickling bodies."""

from __future__ import annotations

import gzip
import http.client
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

# Given the real answer (decoded JSON), return what the client gets: a new JSON object, or
# raw bytes sent as they are, or a callable that writes the body itself (for trickling).
Tamper = Callable[[dict[str, Any]], object]
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(self.server.upstream_host, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host"}}
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        content = answer.read()
        if answer.getheader("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        upstream.close()
        tamper = self.server.tampers.get(urlsplit(self.path).path)
        if tamper is None or answer.status != 200:
            self._send(answer.status, content, answer.getheaders())
            return
        self.server.tampered += 1
        result = tamper(json.loads(content))
        if callable(result):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            result(self.wfile)
            return
        raw = result if isinstance(result, bytes) else json.dumps(result).encode()
        self._send(200, raw, [("Content-Type", "application/json")])

    def _send(self, status: int, content: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in _HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class HostileServer(ThreadingHTTPServer):
    """Forwards to `upstream_url`; paths in `tampers` get their answer replaced."""

    daemon_threads = True

    def __init__(self, upstream_url: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream_host = urlsplit(upstream_url).netloc
        self.tampers: dict[str, Tamper] = {}
        self.tampered = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client hanging up on a trickling answer is what the tests want


def trickle(data: bytes, *, every: float = 0.2, size: int = 8) -> Callable[[Any], None]:
    """A body written a few bytes at a time, for as long as the client keeps reading."""

    def write(wfile: Any) -> None:
        for start in range(0, len(data), size):
            wfile.write(data[start : start + size])
            wfile.flush()
            time.sleep(every)

    return write
