"""The Synchronisation page: connection, status, conflicts, rejected changes."""
