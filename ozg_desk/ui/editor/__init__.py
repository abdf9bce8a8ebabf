"""The Anbindung editor beside the Leistungen list."""
