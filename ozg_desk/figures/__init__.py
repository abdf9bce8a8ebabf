"""Kennzahlen from plain record values: each figure with its definition, formula, sources, and
the records it counted and left out (Qt-free; the server can compute the same over its rows)."""
