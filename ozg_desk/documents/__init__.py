"""Anbindung paperwork: templates, signature-ready PDF/A documents and their register."""
