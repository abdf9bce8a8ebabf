"""The sync protocol's constants, shared by the client and the server (docs/sync-protocol.md)."""

from typing import Final

PROTOCOL: Final = 1
HEADER = "OZG-Desk-Protocol"
MAX_OPS = 200  # operations per push
# Versions and cursors stay below 2**53, so that a client in any language (JavaScript's numbers
# included) reads them exactly.
MAX_SEQ = 2**53 - 1
# How far ahead of its clock (in microseconds, see the server's ledger) a client's position may
# be before the server stops believing it proves a restore: numbers do not come from the future.
RESTORE_JUMP = 10**9
# Pseudo-fields of history entries for the lifecycle of a whole record.
CREATED = "_angelegt"
DELETED = "_geloescht"
