"""Verbindung: server address, access key and proxy; test the way there, save and log in.

The key goes from the password field straight to the worker that checks or stores it and is
cleared once it is saved; it is never shown, logged or kept anywhere but in the keyring.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.app.errors import KnownError
from ozg_desk.sync import credentials, service, status
from ozg_desk.sync.connection_check.check import CheckResult, Stage, check_connection
from ozg_desk.sync.errors import NotConfigured
from ozg_desk.sync.transport import Identity, check_server_url
from ozg_desk.ui.desk import Desk
from ozg_desk.ui.sync.controller import SyncController
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import UNEXPECTED, MessageLabel, chars, guarded

STORED = "im Schlüsselbund gespeichert"


def stored_token(url: str) -> str | None:
    """The key kept for `url`, or None so that the check says that a key is missing."""
    try:
        return credentials.load_token(check_server_url(url))
    except (NotConfigured, ValueError):
        return None


def stage_line(stage: Stage) -> str:
    return f"{'✓' if stage.ok else '✗'} {stage.title}: {stage.detail}"


def identity_text(identity: Identity) -> str:
    if identity.tenant:
        return f"Angemeldet bei {identity.tenant_name} (ARS {identity.tenant})."
    if identity.role == "land":
        return "Angemeldet mit dem Zugang des Landes."
    return f"Angemeldet (Rolle {identity.role})."


class ConnectionSection(QWidget):
    """Both buttons work on the network pool; the fields stay as they are on failure."""

    def __init__(self, desk: Desk, controller: SyncController) -> None:
        super().__init__()
        self.desk, self.controller = desk, controller
        self.saved_url: str | None = None
        self.url = named(QLineEdit(), "Server-Adresse")
        self.url.setPlaceholderText("https://ozg-desk.example.de")
        self.token = named(QLineEdit(), "Zugangsschlüssel", "Wird nie angezeigt")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.proxy = named(QLineEdit(), "Proxy", "Leer lassen: der Proxy des Systems gilt")
        self.proxy.setPlaceholderText("leer: Proxy des Systems")
        for field in (self.url, self.token, self.proxy):
            field.setMinimumWidth(chars(field, 40))
        proxy_hint = QLabel(
            "Leer lassen, um den Proxy des Systems zu verwenden; sonst etwa "
            "http://proxy.example.de:3128."
        )
        proxy_hint.setWordWrap(True)
        proxy_box = QWidget()
        proxy_layout = QVBoxLayout(proxy_box)
        proxy_layout.setContentsMargins(0, 0, 0, 0)
        proxy_layout.addWidget(self.proxy)
        proxy_layout.addWidget(proxy_hint)
        form = QFormLayout()
        form.addRow(buddy_label("Se&rver-Adresse:", self.url), self.url)
        form.addRow(buddy_label("&Zugangsschlüssel:", self.token), self.token)
        form.addRow(buddy_label("&Proxy (optional):", self.proxy), proxy_box)
        self.test = named(
            QPushButton("Verbindung &testen"),
            "Verbindung testen",
            "Prüft Schritt für Schritt den Weg zum Server, ohne etwas zu speichern",
        )
        self.login = named(
            QPushButton("&Speichern und anmelden"),
            "Speichern und anmelden",
            "Prüft den Zugangsschlüssel beim Server und speichert ihn im Schlüsselbund",
        )
        self.test.clicked.connect(self.run_test)
        self.login.clicked.connect(self.save_and_login)
        self.message = MessageLabel()
        buttons = QHBoxLayout()
        for button in (self.test, self.login):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.message, 1)
        buttons.addStretch()  # takes the room while the message is hidden
        self.summary = MessageLabel()
        self.stages = named(
            QListWidget(),
            "Ergebnis des Verbindungstests",
            "Ein Schritt je Zeile: ✓ gelungen, ✗ gescheitert",
        )
        self.stages.setWordWrap(True)
        self.stages.setSpacing(2)
        self.stages.setMaximumHeight(self.stages.fontMetrics().lineSpacing() * 14)
        self.stages.hide()
        body = QWidget()  # long lines are hard to read: the form keeps a readable width
        body.setMaximumWidth(chars(self, 120))
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.summary)
        column.addWidget(self.stages)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addStretch()
        self._busy = False
        self.load_settings()

    def load_settings(self) -> None:
        self.desk.read(status.settings, guarded(self, self._show_settings))

    def _show_settings(self, settings: tuple[str | None, str | None]) -> None:
        url, proxy = settings
        self.saved_url = url
        if url and not self.url.text().strip():
            self.url.setText(url)
        if proxy and not self.proxy.text().strip():
            self.proxy.setText(proxy)
        self.token.setPlaceholderText(STORED if url else "vom Land erhaltenen Schlüssel einfügen")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.test.setEnabled(not busy)
        self.login.setEnabled(not busy)

    def run_test(self) -> None:
        url, token, proxy = self._fields()
        if self._busy or not self._has_url(url, self.summary):
            return
        look_up = not token and self.saved_url is not None

        def check() -> CheckResult:
            key = stored_token(url) if look_up else token or None
            return check_connection(url, key, proxy=proxy or None)

        self._set_busy(True)
        self.stages.clear()
        self.stages.hide()
        self.summary.show_info("Die Verbindung wird geprüft …")
        self.desk.tasks.run_network(
            check,
            on_done=guarded(self, self._tested),
            on_error=guarded(self, lambda error: self._failed(error, self.summary)),
            label="Verbindung wird geprüft …",
        )

    def _tested(self, result: CheckResult) -> None:
        self._set_busy(False)
        self.stages.clear()
        for stage in result.stages:
            item = QListWidgetItem(stage_line(stage))
            word = "gelungen" if stage.ok else "gescheitert"
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{word}: {stage.title}: {stage.detail}"
            )
            self.stages.addItem(item)
        self.stages.setVisible(bool(result.stages))
        failed = result.failed
        if failed is None:
            self.summary.show_info("Alle Schritte sind gelungen.")
        else:
            self.summary.show_error(f"Gescheitert beim Schritt „{failed.title}“.")

    def save_and_login(self) -> None:
        url, token, proxy = self._fields()
        if self._busy or not self._has_url(url, self.message):
            return
        if not token:
            self.message.show_error("Bitte den Zugangsschlüssel eintragen.")
            return
        store = self.desk.session.store
        self._set_busy(True)
        self.message.show_info("Anmeldung läuft …")
        self.desk.tasks.run_network(
            lambda: service.login(store, url, token, proxy or None),
            on_done=guarded(self, lambda identity: self._logged_in(identity, url)),
            on_error=guarded(self, self._refused),
            label="Anmeldung beim Server …",
        )

    def _logged_in(self, identity: Identity, url: str) -> None:
        self._set_busy(False)
        self.token.clear()
        self.url.setText(check_server_url(url))  # as stored: login accepted it
        self.message.show_info(identity_text(identity))
        self.load_settings()
        self.controller.start()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, KnownError | ValueError):
            self.message.show_error(f"Nicht angemeldet: {error}")
        else:
            self._failed(error, self.message)

    def _failed(self, error: BaseException, where: MessageLabel) -> None:
        self._set_busy(False)
        self.desk.failed.emit(error)  # a bug; the crash dialog has the details
        where.show_error(UNEXPECTED)

    def _fields(self) -> tuple[str, str, str]:
        return self.url.text().strip(), self.token.text().strip(), self.proxy.text().strip()

    def _has_url(self, url: str, message: MessageLabel) -> bool:
        if not url:
            message.show_error("Bitte die Server-Adresse eintragen.")
            self.url.setFocus()
        return bool(url)
