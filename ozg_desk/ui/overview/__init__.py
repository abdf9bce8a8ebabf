"""The Übersicht page."""
