"""The header strip: which Behörde this is, and a clear mark when the data is demo data."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from ozg_desk.domain.behoerde import Behoerde


class Header(QFrame):
    """Behörde name, type and ARS; 'Demo-Daten' when the demo is open."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.title = QLabel("OZG-Desk")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.details = QLabel("")
        self.demo = QLabel("DEMO-DATEN – nicht für den Echtbetrieb")
        self.demo.setFrameShape(QFrame.Shape.Box)
        self.demo.hide()
        layout = QHBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addStretch()
        layout.addWidget(self.demo)

    def show_behoerde(self, behoerde: Behoerde | None, *, demo: bool) -> None:
        if behoerde is None:
            self.title.setText("OZG-Desk")
            self.details.setText("keine Behörde eingerichtet")
        else:
            self.title.setText(behoerde.name)
            self.details.setText(f"{behoerde.typ_label} · ARS {behoerde.ars}")
        self.demo.setVisible(demo)
        self.setAccessibleName(f"{self.title.text()}, {self.details.text()}")
