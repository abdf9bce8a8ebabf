"""The command-line parser `ozg-desk` and `ozg-desk-server` share: German texts, `--data-dir`
before and after every command word, and exit code 2 for what the user can put right.

argparse looks its messages up through the module-level gettext function `_` at the moment it
formats them, so replacing that one function translates usage, headings and errors (Python
ships no German catalogue for them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# A known problem (bad file, unknown tenant, …): nothing was changed. argparse's own usage
# errors exit with the same code.
EXIT_REFUSED = 2

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

Commands = argparse._SubParsersAction  # the group that `add` puts command words into


def install() -> None:
    """Make argparse speak German for the rest of the process."""
    original = argparse._  # type: ignore[attr-defined]
    if getattr(original, "german", False):
        return  # already installed (every parser built installs it)

    def translate(message: str) -> str:
        return GERMAN.get(message) or original(message)

    translate.german = True  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]


class CommandLine:
    """One program's parser with its command words in `commands` (stored as `command`)."""

    def __init__(
        self,
        prog: str,
        description: str,
        *,
        data_dir_help: str,
        version: str | None = None,
        command_required: bool = False,
    ) -> None:
        install()
        # Every command word gets these options too, so they may follow it.
        self.common = argparse.ArgumentParser(add_help=False)
        self.common.add_argument(
            "--data-dir",
            type=Path,
            default=argparse.SUPPRESS,
            metavar="ORDNER",
            help=data_dir_help,
        )
        self.parser = argparse.ArgumentParser(
            prog=prog, parents=[self.common], description=description
        )
        if version is not None:
            self.parser.add_argument(
                "--version",
                action="version",
                version=version,
                help=GERMAN["show program's version number and exit"],
            )
        self.commands: Commands[argparse.ArgumentParser] = self.parser.add_subparsers(
            dest="command", required=command_required, metavar="BEFEHL"
        )

    def add(
        self, name: str, text: str, group: Commands[argparse.ArgumentParser] | None = None
    ) -> argparse.ArgumentParser:
        """A command word in `group` (the top level without one); `text` is its help."""
        return (group or self.commands).add_parser(name, parents=[self.common], help=text)

    def actions(self, command: argparse.ArgumentParser) -> Commands[argparse.ArgumentParser]:
        """The required second word of `command` (stored as `action`)."""
        return command.add_subparsers(dest="action", required=True, metavar="AKTION")


def refuse(error: BaseException, *, as_json: bool = False) -> int:
    """Report a known problem (as JSON on stdout for scripts that asked for it)."""
    if as_json:
        print(json.dumps({"error": str(error)}, ensure_ascii=False))
    else:
        print(f"Fehler: {error}", file=sys.stderr)
    return EXIT_REFUSED
