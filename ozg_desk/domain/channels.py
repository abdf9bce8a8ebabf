"""Receiving channels (Empfangskanäle) for online applications and the details each one needs."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ozg_desk.domain.errors import DomainError


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise DomainError(f"„{value}“ ist keine gültige Destination-ID (UUID).") from None


def _dvdv_key(value: str) -> str:
    text = value.strip()
    if not re.match(r"^[a-z]{2,10}:[^\s:]{2,100}$", text, re.IGNORECASE):
        raise DomainError(f"„{text}“ ist kein DVDV-Behördenschlüssel (Form präfix:kennung).")
    return text


def _plain(value: str) -> str:
    return value.strip()


@dataclass(frozen=True)
class ChannelField:
    """One channel-specific detail field."""

    name: str
    label: str
    check: Callable[[str], str] = _plain
    shown: bool = True  # False: still accepted from older versions, no longer asked for


@dataclass(frozen=True)
class Channel:
    """A receiving channel and its specific fields."""

    key: str
    label: str
    fields: tuple[ChannelField, ...]
    certificate: str | None = None  # its certificate expires („OSCI“, „FIT-Connect“)


CHANNELS: Mapping[str, Channel] = {
    channel.key: channel
    for channel in (
        Channel(
            "fit_connect",
            "FIT-Connect",
            (ChannelField("destination_id", "Destination-ID (Zustellpunkt)", _uuid),),
            certificate="FIT-Connect",
        ),
        Channel(
            "osci_xta",
            "OSCI/XTA mit DVDV",
            (
                ChannelField("dvdv_key", "DVDV-Behördenschlüssel", _dvdv_key),
                # Free text before the date field zertifikat_gueltig_bis (migration 0010).
                ChannelField("zertifikat_bis", "Zertifikat gültig bis (alt)", shown=False),
            ),
            certificate="OSCI",
        ),
        Channel(
            "bebpo",
            "beBPo (EGVP-Postfach)",
            (ChannelField("bebpo_adresse", "beBPo-Adresse / SAFE-ID"),),
        ),
        Channel(
            "fallmanagement",
            "Fallmanagement M-V",
            (ChannelField("organisationseinheit", "Organisationseinheit im Fallmanagement"),),
        ),
        Channel(
            "xfall",
            "Fachverfahren/DMS über XFall",
            (
                ChannelField("fachverfahren", "Fachverfahren / DMS"),
                ChannelField("endpunkt", "XFall-Endpunkt"),
            ),
        ),
    )
}

CHANNEL_LABELS: Mapping[str, str] = {key: channel.label for key, channel in CHANNELS.items()}


def check_details(channel_key: str | None, details: Mapping[str, str]) -> dict[str, str]:
    """Validate the details of a channel; details of another channel are refused."""
    if not details:
        return {}
    channel = CHANNELS.get(channel_key or "")
    if channel is None:
        raise DomainError("Kanaldetails sind nur mit einem gewählten Empfangskanal möglich.")
    known = {spec.name: spec for spec in channel.fields}
    cleaned: dict[str, str] = {}
    for name, value in details.items():
        spec = known.get(name)
        if spec is None:
            raise DomainError(f"„{name}“ ist keine Angabe zum Kanal {channel.label}.")
        cleaned[name] = spec.check(value)
    return cleaned
