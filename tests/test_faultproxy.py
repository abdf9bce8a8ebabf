"""The fault-injecting proxy forwards faithfully and injects exactly the faults it is told to."""

from __future__ import annotations

import http.client
import http.server
import os
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import suppress

import pytest

from tests.helpers.faultproxy import FaultProxy


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        try:
            while data := self.request.recv(65536):
                self.request.sendall(data)
        except OSError:
            pass  # the proxy reset us, as told


@pytest.fixture
def echo() -> Iterator[tuple[str, int]]:
    """A threaded TCP echo server; its threads are joined on teardown."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.block_on_close = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield "127.0.0.1", server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


def connect(proxy: FaultProxy, timeout: float = 2.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=timeout)


def receive(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size and (chunk := sock.recv(size - len(data))):
        data += chunk
    return data


def round_trip(sock: socket.socket, payload: bytes) -> bytes:
    sock.sendall(payload)
    return receive(sock, len(payload))


def test_data_passes_unchanged_both_ways_and_is_counted(echo: tuple[str, int]) -> None:
    payload = os.urandom(300_000)  # larger than the proxy's buffers and the socket buffers
    with FaultProxy(echo) as proxy, connect(proxy) as first, connect(proxy) as second:
        assert round_trip(first, payload) == payload
        assert round_trip(second, b"hello") == b"hello"
        assert (proxy.bytes_up, proxy.bytes_down, proxy.connections) == (300_005, 300_005, 2)
        proxy.reset_counters()
        assert (proxy.bytes_up, proxy.bytes_down, proxy.connections) == (0, 0, 0)
        first.shutdown(socket.SHUT_WR)
        assert first.recv(1) == b""  # a half-close travels through, and the server's close back


def test_latency_is_one_way_per_chunk_and_can_change_while_running(
    echo: tuple[str, int],
) -> None:
    with FaultProxy(echo, latency=0.1) as proxy, connect(proxy) as sock:
        started = time.monotonic()
        assert round_trip(sock, b"ping") == b"ping"
        assert 0.2 <= time.monotonic() - started < 1.0  # there and back again
        with connect(proxy) as other:  # connections wait side by side, not one after the other
            started = time.monotonic()
            sock.sendall(b"one")
            other.sendall(b"two")
            assert (receive(sock, 3), receive(other, 3)) == (b"one", b"two")
            assert 0.2 <= time.monotonic() - started < 0.35
        proxy.latency = 0.0
        started = time.monotonic()
        assert round_trip(sock, b"ping") == b"ping"
        assert time.monotonic() - started < 0.15  # well below the 0.2 s of before


def test_bandwidth_limits_bytes_per_second(echo: tuple[str, int]) -> None:
    payload = os.urandom(50_000)
    with FaultProxy(echo, bandwidth=100_000) as proxy, connect(proxy) as sock:
        started = time.monotonic()
        assert round_trip(sock, payload) == payload
        assert 0.4 <= time.monotonic() - started < 2.0
        proxy.set(bandwidth=None)
        started = time.monotonic()
        assert round_trip(sock, payload) == payload
        assert time.monotonic() - started < 0.3  # well below the 0.5 s of before


def test_reset_hits_new_and_open_connections(echo: tuple[str, int]) -> None:
    with FaultProxy(echo) as proxy, connect(proxy) as open_before, connect(proxy) as kept:
        assert round_trip(open_before, b"x") == b"x"
        proxy.reset_connections()
        with pytest.raises(ConnectionResetError):
            open_before.recv(1)
        with connect(proxy) as opened_after:
            assert round_trip(opened_after, b"y") == b"y"
        proxy.reset = True
        with pytest.raises(ConnectionResetError):
            kept.recv(1)
        # The reset may arrive during connect already, or at the first read.
        with pytest.raises(ConnectionResetError), connect(proxy) as refused:
            refused.recv(1)
        proxy.reset = False
        with connect(proxy) as healed:
            assert round_trip(healed, b"z") == b"z"


def test_unreachable_target_resets_and_unknown_faults_are_refused() -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        target = placeholder.getsockname()
    with FaultProxy(target) as proxy:
        with pytest.raises(ConnectionResetError), connect(proxy) as sock:
            sock.recv(1)
        with pytest.raises(TypeError, match="latancy"):
            proxy.set(latancy=1.0)


def test_black_hole_lets_the_client_time_out(echo: tuple[str, int]) -> None:
    with FaultProxy(echo) as proxy, connect(proxy, timeout=0.5) as stalled:
        assert round_trip(stalled, b"a") == b"a"
        proxy.black_hole = True
        with connect(proxy, timeout=0.5) as lost:
            lost.sendall(b"hello?")
            with pytest.raises(TimeoutError):
                lost.recv(1)
            stalled.sendall(b"b")
            with pytest.raises(TimeoutError):
                stalled.recv(1)
            assert (proxy.bytes_up, proxy.bytes_down) == (1, 1)  # nothing went through
            proxy.black_hole = False
            assert stalled.recv(1) == b"b"  # an open connection resumes, like TCP after an outage
            with pytest.raises(TimeoutError):
                lost.recv(1)  # one accepted into the black hole stays dead


def test_reset_after_bytes_cuts_the_answer(echo: tuple[str, int]) -> None:
    with FaultProxy(echo, reset_after_bytes=10) as proxy, connect(proxy) as sock:
        sock.sendall(bytes(range(100)))
        received = b""
        with pytest.raises(ConnectionResetError):
            while chunk := sock.recv(100):
                received += chunk
        assert received == bytes(range(10))
        assert proxy.bytes_down == 10


class _Counting(http.server.BaseHTTPRequestHandler):
    handled = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).handled += 1  # "committed"
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_http_response_lost_after_the_server_committed() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        with FaultProxy(("127.0.0.1", server.server_address[1]), latency=0.01) as proxy:
            client = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=2)
            client.request("POST", "/api/v1/push", body=b"{}")
            assert client.getresponse().read() == b"ok"
            proxy.reset_after_bytes = 0
            client.request("POST", "/api/v1/push", body=b"{}")
            with pytest.raises(ConnectionResetError):  # includes http.client.RemoteDisconnected
                client.getresponse()
            client.close()
            assert _Counting.handled == 2
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_stop_is_quick_and_leaves_no_threads_or_sockets(echo: tuple[str, int]) -> None:
    before = set(threading.enumerate())
    proxy = FaultProxy(echo, latency=10.0).start()
    with connect(proxy) as sock:
        sock.sendall(b"stuck in the queue")
        started = time.monotonic()
        proxy.stop()
        assert time.monotonic() - started < 0.5
        with suppress(ConnectionResetError):  # reset, as it had unread data from us
            assert sock.recv(1) == b""  # or closed; but not left hanging
    proxy.stop()  # a second stop does nothing
    assert [t for t in threading.enumerate() if t.name.startswith("FaultProxy")] == []
    deadline = time.monotonic() + 2
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.01)  # the echo server's handler thread ends when its connection closes
    assert set(threading.enumerate()) - before == set()
    with pytest.raises(ConnectionRefusedError):
        connect(proxy)
