"""Who signs for the Behörde (name and Amtsbezeichnung of three people) and who works here."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QLineEdit, QWidget

from ozg_desk.domain.behoerde import BEHOERDE_FIELDS, DEFAULT_TITLES
from ozg_desk.domain.errors import ValidationError
from ozg_desk.domain.fields import FieldSpec, JsonValue
from ozg_desk.ui.widgets.a11y import buddy_label, named
from ozg_desk.ui.widgets.form_support import chars

ROLES = ("amtsvorsteher", "stellvertreter", "lvb")
AUTHOR_SPEC = FieldSpec("author", "Ihr Name", required=True, max_length=100)
AUTHOR_HINT = "Dieser Name steht bei jeder Ihrer Änderungen in der Historie."


def role_labels(typ: str) -> tuple[str, str, str]:
    """Row labels with Alt shortcuts; the first follows the type (Amtsvorsteher/in, Landrat …)."""
    head = DEFAULT_TITLES.get(typ, DEFAULT_TITLES["amt"])[0]
    return f"&{head}:", "&Stellvertreter/in:", "Leitende/r &Verwaltungsbeamte/r:"


class SignatoriesForm(QWidget):
    """Three rows of name and Amtsbezeichnung; titles follow the type until the user edits them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typ: str | None = None
        self.names = {role: QLineEdit() for role in ROLES}
        self.titles = {role: QLineEdit() for role in ROLES}
        self.labels: dict[str, QLabel] = {}
        # Room for the longest default title („Stellvertreter/in des Amtsvorstehers“).
        longest = max((t for titles in DEFAULT_TITLES.values() for t in titles), key=len)
        widest = self.fontMetrics().horizontalAdvance(longest) + chars(self, 4)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Name"), 0, 1)
        grid.addWidget(QLabel("Amtsbezeichnung"), 0, 2)
        for row, role in enumerate(ROLES, start=1):
            title = self.titles[role]
            self.labels[role] = buddy_label("", self.names[role])
            grid.addWidget(self.labels[role], row, 0)
            grid.addWidget(self.names[role], row, 1)
            grid.addWidget(title, row, 2)
            for name, line in ((f"{role}_name", self.names[role]), (f"{role}_titel", title)):
                line.setMaxLength(BEHOERDE_FIELDS[name].max_length)
                line.setMinimumWidth(widest)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.set_typ("amt")

    def set_typ(self, typ: str) -> None:
        """Relabel the rows; replace titles that are empty or still the old type's default."""
        old = DEFAULT_TITLES.get(self._typ or "", ("", "", ""))
        new = DEFAULT_TITLES.get(typ, DEFAULT_TITLES["amt"])
        for index, (role, label) in enumerate(zip(ROLES, role_labels(typ), strict=True)):
            self.labels[role].setText(label)
            plain = label.replace("&", "").rstrip(":")
            named(self.names[role], f"Name {plain}")
            named(self.titles[role], f"Amtsbezeichnung {plain}")
            title = self.titles[role]
            if title.text().strip() in ("", old[index]):
                title.setText(new[index])
        self._typ = typ

    def set_values(self, values: Mapping[str, JsonValue]) -> None:
        for role in ROLES:
            self.names[role].setText(str(values.get(f"{role}_name") or ""))
            self.titles[role].setText(str(values.get(f"{role}_titel") or ""))

    def values(self) -> dict[str, object]:
        result: dict[str, object] = {}
        for role in ROLES:
            result[f"{role}_name"] = self.names[role].text()
            result[f"{role}_titel"] = self.titles[role].text()
        return result


class AuthorField(QWidget):
    """„Ihr Name (für die Historie)“ with its hint, for the wizard and the Behörde dialog."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = named(QLineEdit(name), "Ihr Name (für die Historie)", AUTHOR_HINT)
        self.line.setMaxLength(AUTHOR_SPEC.max_length)
        hint = QLabel(AUTHOR_HINT)
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(buddy_label("&Ihr Name (für die Historie):", self.line), self.line)
        form.addRow(hint)

    def error(self) -> str | None:
        try:
            AUTHOR_SPEC.clean(self.line.text())
        except ValidationError as error:
            return str(error)
        return None

    def name(self) -> str:
        return self.line.text().strip()
