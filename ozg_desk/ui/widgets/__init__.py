"""Widgets the whole program shares: accessibility, form support, header, menus, filter bar,
column chooser, one date field, one fields-dialog skeleton."""
