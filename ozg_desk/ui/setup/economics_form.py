"""„Wirtschaftlichkeit“ in the Behörde dialog: the Behörde's own hourly rates and overhead
switch, the Empfangskanäle it counts as automated and the Online-Quoten of the Rendite
scenarios, each beside the documented default it replaces."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ozg_desk.domain.behoerde import (
    BEHOERDE_FIELDS,
    RATE_FIELDS,
    SCENARIO_FIELDS,
    automated_channels,
)
from ozg_desk.domain.channels import CHANNEL_LABELS
from ozg_desk.domain.fields import JsonValue, german_number
from ozg_desk.figures.defaults import Defaults
from ozg_desk.ui.editor.field_form import FieldForm
from ozg_desk.ui.widgets.a11y import named

FIELDS = (*RATE_FIELDS.values(), "gemeinkosten")


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class EconomicsForm(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.form = FieldForm([BEHOERDE_FIELDS[name] for name in FIELDS])
        self.defaults = _wrapped()  # filled with the defaults the dialog reads in the background
        self.channels = {
            key: named(QCheckBox(label), label) for key, label in CHANNEL_LABELS.items()
        }
        self.channels_default = _wrapped()
        self.scenarios = FieldForm([BEHOERDE_FIELDS[name] for name in SCENARIO_FIELDS])
        self.scenarios_default = _wrapped()
        self._default_channels: frozenset[str] = frozenset()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(
            _wrapped("Für die Kennzahlen (freigesetzte Kapazität, Digitalisierungsrendite).")
        )
        layout.addWidget(self.form)
        layout.addWidget(self.defaults)
        layout.addWidget(self._channel_box())
        layout.addWidget(self._scenario_box())
        layout.addStretch()
        # The tab scrolls rather than squeezing its texts; Tab goes straight to the fields.
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(content)
        QVBoxLayout(self).addWidget(area)

    def _channel_box(self) -> QGroupBox:
        box = QGroupBox("Automatisierungsquote: diese Empfangskanäle liefern ohne Abtippen")
        box.setAccessibleName(box.title())
        layout = QVBoxLayout(box)
        for check in self.channels.values():
            layout.addWidget(check)
        layout.addWidget(self.channels_default)
        return box

    def _scenario_box(self) -> QGroupBox:
        box = QGroupBox("Rendite-Szenarien, wo keine Online-Anträge erfasst sind")
        box.setAccessibleName(box.title())
        layout = QVBoxLayout(box)
        layout.addWidget(self.scenarios)
        layout.addWidget(self.scenarios_default)
        return box

    def set_values(self, values: Mapping[str, JsonValue], defaults: Defaults | None) -> None:
        self.form.set_values(values)
        self.scenarios.set_values(values)
        if defaults is None:
            return
        rates = [defaults.hourly_rates[group] for group in RATE_FIELDS]
        sources = sorted({f"{rate.source}, Stand {rate.stand}" for rate in rates})
        checked = " – zu prüfen" if any(rate.to_check for rate in rates) else ""
        self.defaults.setText(
            "Leer gelassene Stundensätze nehmen den Standardwert:\n"
            + "\n".join(f"• {rate.name}: {german_number(rate.value)} {rate.unit}" for rate in rates)
            + f"\nQuelle: {'; '.join(sources)}{checked}"
            + f"\nGemeinkosten: {defaults.overhead.cite()}"
        )
        self._show_channels(values, defaults)
        self._show_scenarios(defaults)

    def _show_channels(self, values: Mapping[str, JsonValue], defaults: Defaults) -> None:
        self._default_channels = defaults.automated_channels
        chosen = automated_channels(values, defaults.automated_channels)
        for key, check in self.channels.items():
            check.setChecked(key in chosen)
            standard = "zählt" if key in defaults.automated_channels else "zählt nicht"
            check.setAccessibleDescription(f"Standard: {standard} ({defaults.automated_source})")
        named_defaults = ", ".join(
            label for key, label in CHANNEL_LABELS.items() if key in defaults.automated_channels
        )
        self.channels_default.setText(f"Standard: {named_defaults} ({defaults.automated_source}).")

    def _show_scenarios(self, defaults: Defaults) -> None:
        source = defaults.scenarios.source
        for name, share in zip(SCENARIO_FIELDS, defaults.scenarios.values, strict=False):
            edit = self.scenarios.widgets[name]
            standard = f"Standard: {german_number(round(share * 100, 2))} %"
            if isinstance(edit, QLineEdit):
                edit.setPlaceholderText(standard)
            edit.setAccessibleDescription(f"{standard} ({source}). Leer: der Standard.")
        self.scenarios_default.setText(
            "Leer gelassene Felder nehmen den Standard: "
            + " / ".join(
                german_number(round(share * 100, 2)) for share in defaults.scenarios.values
            )
            + f" % ({source})."
        )

    def widget_of(self, name: str) -> QWidget | None:
        """The field a refusal names, to put the cursor there."""
        return self.form.widgets.get(name) or self.scenarios.widgets.get(name)

    def values(self) -> dict[str, object]:
        # Only the channels where the Behörde differs are stored: the rest follow the defaults.
        answers = {
            key: "ja" if check.isChecked() else "nein"
            for key, check in self.channels.items()
            if check.isChecked() != (key in self._default_channels)
        }
        return {**self.form.values(), **self.scenarios.values(), "kanaele_automatisiert": answers}
