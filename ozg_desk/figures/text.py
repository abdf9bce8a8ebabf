"""Figures as German text: a value with its unit, and the lines „Wie berechnet?“ shows."""

from __future__ import annotations

from ozg_desk.domain.fields import german_fixed, german_number
from ozg_desk.figures.model import Figure

# Digits shown per unit: estimates are not made more precise by decimals they do not have.
_DIGITS = {"€/Jahr": 0, "Tage": 0, "VZÄ": 2, "von 5": 1, "Leistungen": 0}


def value_text(figure: Figure, value: float | None = None) -> str:
    """„62 %“, „0,9 %“, „1.326 €/Jahr“, „—“ where nothing could be counted."""
    value = figure.value if value is None else value
    if value is None:
        return "—"
    unit = figure.definition.unit
    if unit == "%":
        percent = value * 100
        return f"{german_fixed(percent, 1 if 0 < abs(percent) < 10 else 0)} %"
    digits = _DIGITS.get(unit, 2 if abs(value) < 1 else 1 if abs(value) < 10 else 0)
    return f"{german_fixed(value, digits)} {unit}"


def explanation(figure: Figure) -> list[str]:
    """What was counted and how, for „Wie berechnet?“ and the command line."""
    definition = figure.definition
    lines = [definition.definition, f"Formel: {definition.formula}"]
    if figure.numerator is not None and figure.denominator is not None and figure.denominator:
        lines.append(
            f"Gezählt: {german_number(round(figure.numerator, 2))} von "
            f"{german_number(round(figure.denominator, 2))}"
        )
    lines.append(f"Berücksichtigt: {len(figure.counted)} Leistungen")
    lines += [f"Nicht berücksichtigt, {item.describe()}" for item in figure.left_out]
    lines += [f"{part.key}: {value_text(part)}" for part in figure.parts if part.key]
    lines += list(figure.notes)
    lines += [f"Annahme: {text}" for text in figure.assumptions]
    lines.append(f"Quelle: {definition.source}")
    return lines
