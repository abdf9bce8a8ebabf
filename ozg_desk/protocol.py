"""The sync protocol's version and header, shared by the client and the server."""

PROTOCOL = 1
HEADER = "OZG-Desk-Protocol"
