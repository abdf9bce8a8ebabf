"""Widgets the whole program shares (one date field for every date)."""
