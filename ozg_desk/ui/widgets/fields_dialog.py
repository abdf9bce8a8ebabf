"""A dialog of labelled fields under an intro, with a message line and accept/„Abbrechen“."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ozg_desk.ui.widgets.a11y import named


class FieldsDialog(QDialog):
    """Subclasses pass their fields and implement `_check`, which accepts or shows `error`.

    The fields come as a finished widget (usually the editor's FieldForm), so this shared
    module depends on nothing above it.
    """

    def __init__(
        self,
        title: str,
        name: str,
        intro: str,
        form: QWidget,
        *,
        accept: tuple[str, str],
        error: QLabel,
        parent: QWidget | None = None,
    ) -> None:
        """`accept` is the accept button's text with its mnemonic and its accessible name;
        `error` the message line, shown by `_check`."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(name)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.error = error
        buttons = QDialogButtonBox()
        text, accessible = accept
        named(buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole), accessible)
        cancel = buttons.addButton("&Abbrechen", QDialogButtonBox.ButtonRole.RejectRole)
        named(cancel, "Abbrechen")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        # The order they are added is the tab order: fields, then the buttons.
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addWidget(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _check(self) -> None:
        raise NotImplementedError
