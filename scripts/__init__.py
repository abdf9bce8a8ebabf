"""Developer scripts (run through dev.py)."""
