"""A fault-injecting TCP proxy for slow-link tests: latency, bandwidth, resets, black holes."""

from __future__ import annotations

import selectors
import socket
import struct
import threading
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Self

READ, WRITE = selectors.EVENT_READ, selectors.EVENT_WRITE
FAULTS = frozenset({"latency", "bandwidth", "reset", "black_hole", "reset_after_bytes"})
_CHUNK = 65536
_BUFFER = 256 * 1024  # per direction; above it we stop reading, so the sender feels back-pressure
_SLICE = 0.01  # bandwidth pacing step in seconds
_POLL = 0.05  # a fault assigned as a plain attribute takes effect at the latest after this
_NEVER = float("inf")


@dataclass(eq=False)
class _Direction:
    dst: socket.socket
    queue: deque[tuple[float, bytes]] = field(default_factory=deque)  # (due, data); b"" = EOF
    queued: int = 0
    last_due: float = 0.0
    next_free: float = 0.0  # bandwidth: when the next slice may be sent
    eof_read: bool = False
    done: bool = False  # EOF passed on
    blocked: bool = False  # dst's send buffer is full: wait until it is writable
    delivered: int = 0


@dataclass(eq=False)
class _Conn:
    serial: int
    client: socket.socket
    server: socket.socket
    dead: bool  # accepted into a black hole: read and discard; `server` is never connected
    up: _Direction  # client -> server
    down: _Direction  # server -> client


class FaultProxy:
    """Forwards every connection to 127.0.0.1:`port` to `target`, injecting faults.

    Faults are plain attributes that any thread may assign at any time (`set()` assigns several
    and wakes the proxy at once); they apply to data the proxy handles from then on.
    latency: one-way delay in seconds, added to every chunk in each direction, so a round trip
        costs 2 x latency more; the TCP handshake itself is not delayed.
    bandwidth: bytes per second per direction (None: unlimited), paced in 10 ms slices after
        the latency, so sending n bytes takes about latency + n / bandwidth.
    reset: while true, new connections are reset at once and open ones within 50 ms.
    black_hole: while true, new connections are accepted and read but never forwarded or
        answered (they stay dead); open connections stall and resume when it is switched off.
    reset_after_bytes: reset a connection when its server sends more than this many bytes;
        the client receives exactly that many (None: never).
    Resets close both sides with SO_LINGER 0, so both peers see a connection reset.
    """

    _sel: selectors.BaseSelector
    _listener: socket.socket
    _wake_r: socket.socket
    _wake_w: socket.socket

    def __init__(
        self,
        target: tuple[str, int],
        *,
        latency: float = 0.0,
        bandwidth: float | None = None,
        reset: bool = False,
        black_hole: bool = False,
        reset_after_bytes: int | None = None,
    ) -> None:
        self.target = target
        self.latency = latency
        self.bandwidth = bandwidth
        self.reset = reset
        self.black_hole = black_hole
        self.reset_after_bytes = reset_after_bytes
        self.port = 0
        self._lock = threading.Lock()  # guards the counters
        self._bytes_up = self._bytes_down = self._connections = 0
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._conns: set[_Conn] = set()
        self._accepted = 0
        self._reset_below = 0  # connections with a smaller serial get reset

    @property
    def bytes_up(self) -> int:
        """Bytes forwarded from clients to the server."""
        with self._lock:
            return self._bytes_up

    @property
    def bytes_down(self) -> int:
        """Bytes forwarded from the server to clients."""
        with self._lock:
            return self._bytes_down

    @property
    def connections(self) -> int:
        """Connections accepted, including reset and black-holed ones."""
        with self._lock:
            return self._connections

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset_counters(self) -> None:
        with self._lock:
            self._bytes_up = self._bytes_down = self._connections = 0

    def set(self, **faults: float | None) -> None:
        """Assign several faults at once, e.g. `set(latency=0.2, bandwidth=None)`."""
        if unknown := faults.keys() - FAULTS:
            raise TypeError(f"unknown faults: {sorted(unknown)}")
        for name, value in faults.items():
            setattr(self, name, value)
        self._wake()

    def reset_connections(self) -> None:
        """Reset every connection open now; later ones are not affected."""
        self._reset_below = self._accepted
        self._wake()

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("FaultProxy is already running")
        self._stopping = False
        self._sel = selectors.DefaultSelector()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._wake_r, self._wake_w = socket.socketpair()
        for sock in (self._listener, self._wake_r, self._wake_w):
            sock.setblocking(False)
        self._sel.register(self._listener, READ, self._accept)
        self._sel.register(self._wake_r, READ, self._drain_wake)
        self._thread = threading.Thread(target=self._run, name=f"FaultProxy-{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every socket and end the proxy thread; safe to call twice."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping = True
        self._wake()
        thread.join(timeout=5)
        if thread.is_alive():
            raise RuntimeError("FaultProxy thread did not stop")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _wake(self) -> None:
        if self._thread is not None:
            with suppress(OSError):  # already stopped, or already woken (buffer full)
                self._wake_w.send(b"x")

    def _drain_wake(self, _: int) -> None:
        with suppress(BlockingIOError):
            self._wake_r.recv(4096)

    def _run(self) -> None:
        try:
            while not self._stopping:
                now = time.monotonic()
                wait = min([_POLL, *(self._service(conn, now) - now for conn in list(self._conns))])
                for key, mask in self._sel.select(max(wait, 0.0)):
                    key.data(mask)
        finally:
            for conn in list(self._conns):
                self._drop(conn, hard=False)
            for sock in (self._listener, self._wake_r, self._wake_w):
                sock.close()
            self._sel.close()

    def _service(self, conn: _Conn, now: float) -> float:
        """Apply resets, send what is due, update the selector; return when next due."""
        if self.reset or conn.serial < self._reset_below:
            self._drop(conn, hard=True)
            return _NEVER
        try:
            due = min(self._pump(conn, conn.up, now), self._pump(conn, conn.down, now))
        except OSError:
            self._drop(conn, hard=True)
            return _NEVER
        if conn.up.done and conn.down.done:
            self._drop(conn, hard=False)
            return _NEVER

        def wants(direction: _Direction) -> int:
            return READ if not direction.eof_read and direction.queued < _BUFFER else 0

        client_events = wants(conn.up) | (WRITE if conn.down.blocked else 0)
        server_events = wants(conn.down) | (WRITE if conn.up.blocked else 0)
        if conn.dead:
            client_events, server_events = READ, 0
        for sock, events in ((conn.client, client_events), (conn.server, server_events)):
            key = self._sel.get_map().get(sock)
            if not events:
                if key is not None:
                    self._sel.unregister(sock)
            elif key is None:
                self._sel.register(sock, events, lambda mask, s=sock: self._on_event(conn, s, mask))
            elif key.events != events:
                self._sel.modify(sock, events, key.data)
        return due

    def _accept(self, _: int) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except BlockingIOError:
                return
            with self._lock:
                self._connections += 1
            serial, self._accepted = self._accepted, self._accepted + 1
            if self.reset:
                _close(client, hard=True)
                continue
            try:  # blocking, but only for a moment: the target is a local test server
                server = (
                    socket.socket() if self.black_hole else socket.create_connection(self.target, 2)
                )
            except OSError:
                _close(client, hard=True)  # target down: the client sees a reset
                continue
            for sock in (client, server):  # Nagle would add delays of its own
                sock.setblocking(False)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            up, down = _Direction(server), _Direction(client)
            self._conns.add(_Conn(serial, client, server, self.black_hole, up, down))

    def _on_event(self, conn: _Conn, sock: socket.socket, mask: int) -> None:
        if conn not in self._conns:
            return  # dropped earlier in this round
        incoming, outgoing = (conn.up, conn.down) if sock is conn.client else (conn.down, conn.up)
        try:
            if mask & WRITE:
                outgoing.blocked = False
            if mask & READ:
                data = sock.recv(_CHUNK)
                if conn.dead:
                    if not data:
                        self._drop(conn, hard=False)
                    return
                # Due times never go backwards, so lowering the latency cannot reorder data.
                incoming.last_due = max(time.monotonic() + self.latency, incoming.last_due)
                incoming.queue.append((incoming.last_due, data))
                incoming.queued += len(data)
                incoming.eof_read = not data
        except BlockingIOError:
            pass
        except OSError:
            self._drop(conn, hard=True)

    def _pump(self, conn: _Conn, d: _Direction, now: float) -> float:
        """Send what is due in one direction; return when it next has something due."""
        if d.blocked or self.black_hole or conn.dead:
            return _NEVER
        bandwidth = self.bandwidth
        limit = self.reset_after_bytes if d is conn.down else None
        while d.queue:
            due, chunk = d.queue[0]
            ready = max(due, d.next_free) if bandwidth else due
            if ready > now:
                return ready
            if not chunk:
                d.dst.shutdown(socket.SHUT_WR)
                d.queue.popleft()
                d.done = True
                return _NEVER
            size = min(len(chunk), max(1, int(bandwidth * _SLICE))) if bandwidth else len(chunk)
            if limit is not None:
                if d.delivered >= limit:
                    raise ConnectionResetError("reset_after_bytes reached")
                size = min(size, limit - d.delivered)
            with self._lock:  # held across send, so nobody sees data before it is counted
                try:
                    sent = d.dst.send(chunk[:size])
                except BlockingIOError:
                    d.blocked = True
                    return _NEVER
                if d is conn.up:
                    self._bytes_up += sent
                else:
                    self._bytes_down += sent
            d.delivered += sent
            d.queued -= sent
            if sent < len(chunk):
                d.queue[0] = (due, chunk[sent:])
            else:
                d.queue.popleft()
            if bandwidth:  # catch up at most one slice of timer jitter, so there are no bursts
                d.next_free = max(d.next_free, now - _SLICE) + sent / bandwidth
        return _NEVER

    def _drop(self, conn: _Conn, *, hard: bool) -> None:
        self._conns.discard(conn)
        for sock in (conn.client, conn.server):
            if sock in self._sel.get_map():
                self._sel.unregister(sock)
            _close(sock, hard=hard)


def _close(sock: socket.socket, *, hard: bool) -> None:
    """Close; `hard` sends RST instead of FIN (SO_LINGER 0), so the peer sees a reset."""
    if hard:
        with suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
