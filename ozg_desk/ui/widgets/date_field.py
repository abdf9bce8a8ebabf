"""The one date field of the program: typed as people type dates, or picked in a calendar.

Written on a QLineEdit rather than with QDateEdit: QDateEdit edits day, month and year as
sections, so typing `31.12.2027` into an empty one gave „—1122027“, and an empty value needs a
magic date. Here the text is free while typing and read when the user is done (Enter, Tab,
leaving the field): `31.12.2027`, `31.12.27`, `31122027`, `2027-12-31` (`fields.parse_date`).
What cannot be read stays as typed, with the reason below it, and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ozg_desk.app.errors import KnownError
from ozg_desk.app.german_time import german_date
from ozg_desk.domain.errors import DomainError
from ozg_desk.domain.fields import parse_date
from ozg_desk.ui.widgets.form_support import MessageLabel

PLACEHOLDER = "TT.MM.JJJJ"


class DateField(QWidget):
    """`committed(iso or None)` fires once per finished edit that changed the value."""

    committed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = True,
        minimum: dt.date | None = None,
        maximum: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.optional, self.minimum, self.maximum = optional, minimum, maximum
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setMaxLength(20)
        metrics = self.edit.fontMetrics()
        room = max(metrics.horizontalAdvance(text) for text in ("00.00.0000", PLACEHOLDER))
        self.edit.setMinimumWidth(room + metrics.averageCharWidth() * 3)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setAccessibleName("Kalender öffnen")
        self.button.setToolTip("Kalender öffnen (Alt+Pfeil runter oder F4)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down/F4 reach it by keyboard
        self.problem = MessageLabel()  # hidden while there is nothing to say
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.setFocusProxy(self.edit)
        self._value: dt.date | None = None
        self._keys = _Keys(self)
        self.edit.installEventFilter(self._keys)
        self.edit.editingFinished.connect(self._finish)
        self.button.clicked.connect(self.open_calendar)

    # --- value -----------------------------------------------------------------------------

    def date(self) -> dt.date | None:
        return self._value

    def value(self) -> str | None:
        """The ISO date, or None when empty."""
        return None if self._value is None else self._value.isoformat()

    def set_value(self, iso: str | None) -> None:
        """Show a stored value without announcing it as an edit."""
        self.set_date(dt.date.fromisoformat(iso) if iso else None)

    def set_date(self, day: dt.date | None) -> None:
        self._value = day
        self.edit.setText(german_date(day) if day else "")
        self._show_problem(None)

    def error(self) -> str | None:
        """Why the text typed last could not be taken (None: it was)."""
        return self.problem.text() if self.problem.isVisibleTo(self) else None

    def setAccessibleName(self, name: str) -> None:
        """The name belongs to the text field a screen reader lands on (and to this one)."""
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.button.setAccessibleName(f"Kalender öffnen: {name}")

    def setAccessibleDescription(self, description: str) -> None:
        super().setAccessibleDescription(description)
        self.edit.setAccessibleDescription(f"{description} (Format {PLACEHOLDER})")

    # --- editing ---------------------------------------------------------------------------

    def clear_value(self) -> None:
        """Ctrl+Delete: empty the field, if it may be empty."""
        if self.optional:
            self.edit.clear()
            self._finish()

    def _finish(self) -> None:
        """Read what was typed; take it, or keep it with the reason and change nothing."""
        text = self.edit.text().strip()
        try:
            day = self._parse(text)
        except KnownError as refusal:
            self._show_problem(str(refusal))
            return
        self._show_problem(None)
        changed = day != self._value
        self._value = day
        self.edit.setText(german_date(day) if day else "")
        if changed:
            self.committed.emit(self.value())

    def _parse(self, text: str) -> dt.date | None:
        if not text:
            if not self.optional:
                raise DomainError("Bitte ein Datum angeben (TT.MM.JJJJ).")
            return None
        day = parse_date(text)
        if self.minimum is not None and day < self.minimum:
            raise DomainError(f"Das Datum darf nicht vor dem {german_date(self.minimum)} liegen.")
        if self.maximum is not None and day > self.maximum:
            raise DomainError(f"Das Datum darf nicht nach dem {german_date(self.maximum)} liegen.")
        return day

    def read(self) -> bool:
        """Take what is typed now (for dialogs that are confirmed); False if it is not a date."""
        self._finish()
        return self.error() is None

    def _show_problem(self, message: str | None) -> None:
        if message:
            self.problem.show_error(message)
            self.edit.setAccessibleDescription(message)
        else:
            self.problem.clear_message()

    # --- calendar --------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """The calendar below the field; Enter or a click takes a day, Escape closes it."""
        menu = QMenu(self)
        calendar = QCalendarWidget()
        calendar.setAccessibleName(f"Kalender: {self.accessibleName() or 'Datum'}")
        calendar.setGridVisible(True)
        for bound, setter in (
            (self.minimum, calendar.setMinimumDate),
            (self.maximum, calendar.setMaximumDate),
        ):
            if bound is not None:
                setter(QDate(bound.year, bound.month, bound.day))
        shown = self._value or dt.datetime.now().astimezone().date()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def picked(chosen: QDate) -> None:
            self.edit.setText(german_date(dt.date(chosen.year(), chosen.month(), chosen.day())))
            menu.close()
            self._finish()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        menu.aboutToShow.connect(calendar.setFocus)
        self.calendar = calendar  # for tests and screen readers while it is open
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        calendar.setFocus()


class _Keys(QObject):
    """Alt+Down and F4 open the calendar, Ctrl+Delete empties: the keys of a date box."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field)
        self.field = field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key, modifiers = event.key(), event.modifiers()
        if (key == Qt.Key.Key_Down and modifiers == Qt.KeyboardModifier.AltModifier) or (
            key == Qt.Key.Key_F4 and modifiers == Qt.KeyboardModifier.NoModifier
        ):
            self.field.open_calendar()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            modifiers == Qt.KeyboardModifier.ControlModifier
        ):
            self.field.clear_value()
            return True
        return False
