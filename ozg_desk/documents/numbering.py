"""Document numbers and the check value carried in the QR code.

A number is `JJJJ-GGGG-NNNN`: year, a code for the device (so two offline PCs of one Amt never
hand out the same number) and that device's running number. The check value ties the number to
the document's content (type, Behörde, Leistungen), so a scanned code of another document or a
mistyped number is noticed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence

NUMBER = re.compile(r"^\d{4}-[A-Z2-7]{4}-\d{4,6}$")
QR_PREFIX = "OZGD"


def device_code(device_id: str) -> str:
    digest = hashlib.sha256(device_id.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:4]


def document_number(year: int, device_id: str, sequence: int) -> str:
    return f"{year:04d}-{device_code(device_id)}-{sequence:04d}"


def normalize_number(text: str) -> str | None:
    """A number as typed (spaces, lower case, other dashes) in its canonical form, or None."""
    cleaned = re.sub(r"[\s\-\u2010-\u2015\u2212]+", "-", text.strip().upper()).strip("-")
    return cleaned if NUMBER.match(cleaned) else None


def check_value(number: str, typ: str, ars: str, ozg_ids: Sequence[str]) -> str:
    content = "|".join([number, typ, ars, *sorted(ozg_ids)])
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:6]


def qr_payload(number: str, check: str) -> str:
    return f"{QR_PREFIX}:{number}:{check}"


def parse_qr_payload(text: str) -> tuple[str, str] | None:
    """(number, check value) from a scanned code, or None if it is not one of ours."""
    parts = text.strip().split(":")
    if len(parts) != 3 or parts[0] != QR_PREFIX or not NUMBER.match(parts[1]):
        return None
    return parts[1], parts[2]
