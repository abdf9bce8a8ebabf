"""Dokumente: the register of Anbindung paperwork (generation follows in a later version)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class DocumentsPage(QWidget):
    """Says plainly what is not there yet instead of pretending."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Dokumente")
        text = QLabel(
            "<h2>Dokumente</h2><p>Das Erzeugen der Anbindungsunterlagen (Anträge, Vereinbarungen, "
            "Go-Live-Bestätigung) und das Register der versandten und unterschrieben "
            "zurückgekommenen Unterlagen sind noch nicht enthalten.</p>"
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch()
