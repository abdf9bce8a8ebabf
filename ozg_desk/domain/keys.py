"""Official keys: ARS (12 digits), AGS (8), OZG-ID (5), LeiKa-Schlüssel (14 digits)."""

from __future__ import annotations

import re

from ozg_desk.domain.errors import InvalidKey

MV_LAND = "13"
_LAND_CODES = {f"{n:02d}" for n in range(1, 17)}
_SEPARATORS = re.compile(r"[\s.\-/]")


def _digits(text: str) -> str:
    return _SEPARATORS.sub("", text.strip())


def normalize_ars(text: str, *, mv_only: bool = True) -> str:
    """Return the 12-digit ARS in `text` (spaces and dots allowed) or raise InvalidKey."""
    ars = _digits(text)
    if not ars:
        raise InvalidKey("Bitte einen Amtlichen Regionalschlüssel (ARS) eingeben.")
    if not ars.isdigit() or not ars.isascii():
        raise InvalidKey(f"Der ARS „{text.strip()}“ darf nur Ziffern enthalten.")
    if len(ars) != 12:
        raise InvalidKey(f"Der ARS „{text.strip()}“ hat {len(ars)} statt 12 Ziffern.")
    if ars[:2] not in _LAND_CODES:
        raise InvalidKey(
            f"Der ARS „{ars}“ beginnt nicht mit einem gültigen Landesschlüssel (01–16)."
        )
    if mv_only and ars[:2] != MV_LAND:
        raise InvalidKey(
            f"Der ARS „{ars}“ gehört nicht zu Mecklenburg-Vorpommern (ARS beginnt dort mit 13)."
        )
    return ars


def normalize_ags(text: str) -> str:
    """Return the 8-digit AGS in `text` or raise InvalidKey."""
    ags = _digits(text)
    if len(ags) != 8 or not ags.isdigit() or not ags.isascii():
        raise InvalidKey(f"Der Gemeindeschlüssel (AGS) „{text.strip()}“ muss 8 Ziffern haben.")
    if ags[:2] not in _LAND_CODES:
        raise InvalidKey(f"Der AGS „{ags}“ beginnt nicht mit einem gültigen Landesschlüssel.")
    return ags


def ags_from_ars(ars: str) -> str:
    """The AGS of a Gemeinde: Land, RB and Kreis from the ARS, then its last three digits."""
    return ars[:5] + ars[9:]


def verband_of(ars: str) -> str:
    """The ARS of the Gemeindeverband (Amt) a Gemeinde ARS belongs to."""
    return ars[:9] + "000"


def normalize_ozg_id(text: str) -> str:
    """Return the 5-digit OZG-ID in `text` or raise InvalidKey."""
    ozg_id = text.strip()
    if len(ozg_id) != 5 or not ozg_id.isdigit() or not ozg_id.isascii():
        raise InvalidKey(f"Die OZG-ID „{ozg_id}“ muss aus 5 Ziffern bestehen.")
    return ozg_id


def normalize_leika_key(text: str) -> str | None:
    """Return the 14-digit LeiKa-Schlüssel, None for an empty one, or raise InvalidKey.

    The key stays a string: leading zeros are significant.
    """
    key = text.strip()
    if not key:
        return None
    if len(key) != 14 or not key.isdigit() or not key.isascii():
        raise InvalidKey(f"Der LeiKa-Schlüssel „{key}“ muss aus 14 Ziffern bestehen.")
    return key
