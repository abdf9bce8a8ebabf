"""German texts for argparse's built-in messages (Python ships no German catalogue for them).

argparse looks its messages up through the module-level gettext function `_` at the moment it
formats them, so replacing that one function translates usage, headings and errors.
"""

from __future__ import annotations

import argparse

GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "show program's version number and exit": "Programmversion anzeigen und beenden",
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Auswahl: %(value)r (möglich: %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "expected one argument": "erwartet einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
}


def install() -> None:
    """Make argparse speak German for the rest of the process."""
    original = argparse._  # type: ignore[attr-defined]

    def translate(message: str) -> str:
        return GERMAN.get(message) or original(message)

    argparse._ = translate  # type: ignore[attr-defined]
