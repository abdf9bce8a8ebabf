"""What a typed number or a scanned QR code refers to in the register when a signed paper
comes back: the entry to record as „unterschrieben zurück“, or why not (unknown number, a code
of another or changed document, recorded before)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ozg_desk.app.german_time import german_date
from ozg_desk.documents.numbering import normalize_number, parse_qr_payload
from ozg_desk.domain.documents import STATE_LABELS, STATES

if TYPE_CHECKING:
    from ozg_desk.store.register import RegisterEntry

RETURNED = "unterschrieben"
# A hand scanner set to a US keyboard on a German layout types Y/Z swapped, „Ö“ for „:“ and
# „ß“ for „-“; the code's own prefix shows it, so the text can be put right.
_SWAPPED_PREFIX = "OYGDÖ"
_LAYOUT_FIX = str.maketrans("YZyzÖöß", "ZYzy::-")


@dataclass(frozen=True)
class Lookup:
    """What a typed or scanned text refers to: an entry to record, or why not."""

    entry: RegisterEntry | None
    problem: str | None
    complete: bool  # the text is a whole number or code (not still being typed)


def look_up(text: str, entries: Mapping[str, RegisterEntry]) -> Lookup:
    cleaned = text.strip()
    if not cleaned:
        return Lookup(None, "Bitte die Dokumentnummer eingeben oder den QR-Code scannen.", False)
    if cleaned.upper().startswith(_SWAPPED_PREFIX):
        cleaned = cleaned.translate(_LAYOUT_FIX)  # before upper(): that makes „ß“ „SS“
    scanned = parse_qr_payload(cleaned.upper())
    check: str | None = None
    if scanned is not None:
        nummer, check = scanned
    else:
        typed = normalize_number(cleaned)
        if typed is None:
            return Lookup(
                None,
                f"„{cleaned}“ ist weder eine Dokumentnummer (Form 2026-ABCD-0001) noch der "
                "QR-Code eines Dokuments.",
                False,
            )
        nummer = typed
    entry = entries.get(nummer)
    if entry is None:
        return Lookup(None, f"Ein Dokument mit der Nummer {nummer} ist nicht im Register.", True)
    if check is not None and check != entry.pruefwert:
        return Lookup(
            None,
            f"Der QR-Code passt nicht zu Dokument {nummer}: sein Prüfwert ist {check}, im "
            f"Register steht {entry.pruefwert}. Das Papier gehört zu einem anderen oder "
            "veränderten Dokument; nichts erfasst.",
            True,
        )
    if entry.zustand in STATES and STATES.index(entry.zustand) >= STATES.index(RETURNED):
        when = german_date(entry.dates.get(RETURNED))
        since = f" (unterschrieben zurück am {when})" if when else ""
        return Lookup(
            entry,
            f"Dokument {nummer} ist bereits „{STATE_LABELS[entry.zustand]}“{since}; "
            "nichts erfasst.",
            True,
        )
    return Lookup(entry, None, True)
