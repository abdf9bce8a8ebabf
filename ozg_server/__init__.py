"""OZG-Desk central server: tenants, tokens, the sync API and catalogue releases."""

from ozg_desk.protocol import PROTOCOL as PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION"]
