"""The connection check: a German report of each step from the name lookup to the token."""
