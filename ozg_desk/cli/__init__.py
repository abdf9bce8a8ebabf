"""The `ozg-desk` command line: its German parser and its sub-commands."""
