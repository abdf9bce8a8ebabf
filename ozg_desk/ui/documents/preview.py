"""The preview of a stored document: its pages rendered on a worker (100 dpi at 100 %), shown in
a scroll area with „Seite x von y“ and zoom; embedded in the Dokumente page and as a window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.ui.desk import Desk
from ozg_desk.ui.documents.pdf import A4_POINTS, RenderedPages, checked_pdf, render_pages
from ozg_desk.ui.widgets.a11y import named
from ozg_desk.ui.widgets.form_support import MessageLabel, chars, guarded

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry

BASE_DPI = 100  # 100 % zoom
ZOOMS = (25, 33, 50, 67, 75, 90, 100, 125, 150, 200, 300)
MAX_DPI = 400  # pixels rendered, after the screen's scale factor


class PreviewWidget(QWidget):
    """`show_entry(entry)` renders it; a newer request overtakes a slower older one."""

    def __init__(
        self, desk: Desk, *, fit_width: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.entry: RegisterEntry | None = None
        self.fit = fit_width
        self.zoom = 100.0
        self._page_width = A4_POINTS[0]
        self._generation = 0
        self._rendered_zoom = 0.0
        self.labels: list[QLabel] = []
        self.page_label = QLabel()
        self.zoom_out = named(QPushButton("−"), "Verkleinern", "Kleiner anzeigen (Strg+Minus)")
        self.zoom_in = named(QPushButton("+"), "Vergrößern", "Größer anzeigen (Strg+Plus)")
        self.zoom_label = QLabel()
        self.fit_button = named(
            QPushButton("Seitenbreite"),
            "An die Seitenbreite anpassen",
            "Die Seite so breit wie die Vorschau zeigen",
        )
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(fit_width)
        for button in (self.zoom_out, self.zoom_in):
            button.setFixedWidth(button.fontMetrics().height() * 2)
        self.message = MessageLabel()
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.pages_layout.setSpacing(self.fontMetrics().height())
        self.area = named(
            QScrollArea(), "Vorschau der Seiten", "Mit den Pfeiltasten und Bild auf/ab blättern"
        )
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.pages_box)
        self.area.setBackgroundRole(QPalette.ColorRole.Dark)  # pages stand out like paper
        self.area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        tools = QHBoxLayout()
        tools.addWidget(self.page_label, 1)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit_button):
            tools.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(self.area, 1)
        self.zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self.step_zoom(1))
        self.fit_button.toggled.connect(self.set_fit)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), 1)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), -1)
        self.area.verticalScrollBar().valueChanged.connect(lambda _value: self._update_page())
        self.resize_timer = QTimer(self)
        self.resize_timer.setSingleShot(True)
        self.resize_timer.setInterval(150)
        self.resize_timer.timeout.connect(self._refit)
        # Arrowing through the register asks for one rendering, not one per row passed.
        self.render_timer = QTimer(self)
        self.render_timer.setSingleShot(True)
        self.render_timer.setInterval(60)
        self.render_timer.timeout.connect(self._render)
        self.show_entry(None)

    def _shortcut(self, keys: QKeySequence, step: int) -> None:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.step_zoom(step))

    # --- showing -------------------------------------------------------------------------

    def show_entry(self, entry: RegisterEntry | None) -> None:
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self.entry = entry
        if same and self.labels:
            return  # a new state of the same document: the pages have not changed
        self._clear()
        if entry is None:
            self.message.show_info("Kein Dokument ausgewählt.")
            self._enable(False)
            return
        self.message.clear_message()
        self.page_label.setText("Vorschau wird erstellt …")
        self.render_timer.start()

    def page_count(self) -> int:
        return len(self.labels)

    def current_page(self) -> int:
        """1-based number of the page at the top third of the view (0 without pages)."""
        if not self.labels:
            return 0
        mark = self.area.verticalScrollBar().value() + self.area.viewport().height() // 3
        for number, label in enumerate(self.labels, 1):
            if label.geometry().bottom() >= mark:
                return number
        return len(self.labels)

    def _clear(self) -> None:
        self._generation += 1  # results on their way are for something else now
        self.render_timer.stop()
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        self.page_label.setText("")
        self._rendered_zoom = 0.0

    def _enable(self, enabled: bool) -> None:
        for widget in (self.zoom_out, self.zoom_in, self.fit_button):
            widget.setEnabled(enabled)

    def _render(self) -> None:
        entry = self.entry
        if entry is None:
            return
        self._generation += 1
        generation = self._generation
        zoom = self._fitting_zoom() if self.fit else self.zoom
        ratio = self.devicePixelRatioF()
        dpi = min(BASE_DPI * zoom / 100 * ratio, MAX_DPI)
        session = self.desk.session
        self.page_label.setText("Vorschau wird erstellt …")
        self.desk.run_background(
            lambda: render_pages(checked_pdf(session, entry), dpi),
            guarded(self, lambda pages: self._show(generation, pages, zoom, ratio)),
            label="Vorschau wird erstellt",
            on_error=guarded(self, lambda error: self._failed(generation, error)),
            files_only=True,
        )

    def _show(self, generation: int, rendered: RenderedPages, zoom: float, ratio: float) -> None:
        if generation != self._generation:
            return
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        count = len(rendered.pages)
        for number, page in enumerate(rendered.pages, 1):
            pixmap = QPixmap.fromImage(page.to_qimage())
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAccessibleName(f"Seite {number} von {count}")
            self.pages_layout.addWidget(label)
            self.labels.append(label)
        if rendered.sizes:
            self._page_width = rendered.sizes[0][0]
        self.zoom = zoom
        self._rendered_zoom = zoom
        self.zoom_label.setText(f"{round(zoom)} %")
        self._enable(True)
        self._update_page()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        message = self.desk.explain(error)
        self.page_label.setText("")
        self.message.show_error(f"Keine Vorschau: {message}")
        self._enable(False)

    def _update_page(self) -> None:
        if self.labels:
            self.page_label.setText(f"Seite {self.current_page()} von {len(self.labels)}")

    # --- zoom ----------------------------------------------------------------------------

    def _fitting_zoom(self) -> float:
        """The zoom at which the page fills the width of the view."""
        width = self.area.viewport().width() - 2 * self.pages_layout.contentsMargins().left()
        width -= self.area.verticalScrollBar().sizeHint().width()
        if width < 100:
            return 100.0  # not laid out yet
        return max(ZOOMS[0], min(ZOOMS[-1], width / (self._page_width / 72 * BASE_DPI) * 100))

    def step_zoom(self, step: int) -> None:
        current = self.zoom
        if step > 0:
            target = next((zoom for zoom in ZOOMS if zoom > current + 0.5), ZOOMS[-1])
        else:
            target = next((zoom for zoom in reversed(ZOOMS) if zoom < current - 0.5), ZOOMS[0])
        self.fit_button.setChecked(False)
        if target != self._rendered_zoom:
            self.zoom = target
            self._render()

    def set_fit(self, fit: bool) -> None:
        self.fit = fit
        if fit:
            self._refit()

    def _refit(self) -> None:
        if self.fit and self.entry is not None:
            zoom = self._fitting_zoom()
            if abs(zoom - self._rendered_zoom) > 2:
                self._render()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit:
            self.resize_timer.start()


class PreviewDialog(QDialog):
    """A larger preview in a window of its own (non-modal)."""

    def __init__(self, desk: Desk, entry: RegisterEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Vorschau – {entry.nummer} {entry.titel}")
        self.setAccessibleName(f"Vorschau von {entry.nummer}")
        self.preview = PreviewWidget(desk, fit_width=False)
        buttons = QDialogButtonBox()
        close = named(
            buttons.addButton("&Schließen", QDialogButtonBox.ButtonRole.RejectRole), "Schließen"
        )
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        # A page at 100 % beside the scroll bar, as tall as the screen allows.
        width = round(A4_POINTS[0] / 72 * BASE_DPI) + chars(self, 10)
        height = round(A4_POINTS[1] / 72 * BASE_DPI)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width()), min(height, int(screen.height() * 0.9))
        self.resize(width, height)
        self.preview.show_entry(entry)
