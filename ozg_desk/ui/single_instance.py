"""One running OZG-Desk per data directory: a lock file plus a local socket to wake the first."""

from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ozg_desk.app.paths import DataDir

PROTOCOL_VERSION = 1


class SingleInstance(QObject):
    """Holds the data directory's lock; `activate` fires when a second start knocks."""

    activate = Signal()

    def __init__(self, data_dir: DataDir, parent: QObject | None = None) -> None:
        super().__init__(parent)
        digest = hashlib.sha256(str(data_dir.root).encode("utf-8")).hexdigest()[:16]
        self.server_name = f"ozg-desk-{digest}"
        self._lock = QLockFile(str(data_dir.lock_file))
        self._lock.setStaleLockTime(0)  # a lock whose process died is detected by PID
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the lock and listen; False if another instance holds it."""
        if not self._lock.tryLock(200):
            return False
        QLocalServer.removeServer(self.server_name)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self.server_name)
        return True

    def notify_running(self) -> bool:
        """Ask the running instance to come to the front."""
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(1000):
            return False
        message = json.dumps({"version": PROTOCOL_VERSION, "command": "activate"})
        socket.write(message.encode("utf-8") + b"\n")
        socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        socket.readyRead.connect(lambda: self._read(socket))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        try:
            message = json.loads(bytes(socket.readLine().data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            message = {}
        if isinstance(message, dict) and message.get("command") == "activate":
            self.activate.emit()
        socket.disconnectFromServer()
