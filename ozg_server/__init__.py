"""OZG-Desk central server: tenants, tokens, the sync API and catalogue releases."""

PROTOCOL_VERSION = 1
