"""Synchronisation with the central OZG-Desk server (Qt-free)."""
