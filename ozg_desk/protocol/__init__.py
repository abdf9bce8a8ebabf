"""The sync protocol's constants, shared by the client and the server (docs/sync-protocol.md)."""

from typing import Final

PROTOCOL: Final = 1
HEADER = "OZG-Desk-Protocol"
MAX_OPS = 200  # operations per push
# Versions and cursors stay below 2**53, so that a client in any language (JavaScript's numbers
# included) reads them exactly.
MAX_SEQ = 2**53 - 1
# After a restore the server's numbers jump this far ahead, above every number the lost history
# can have issued, so that a version never names two different states (see the protocol).
RESTORE_JUMP = 10**9
# Pseudo-fields of history entries for the lifecycle of a whole record.
CREATED = "_angelegt"
DELETED = "_geloescht"
