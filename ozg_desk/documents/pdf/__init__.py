"""Low-level PDF parts: embedded fonts, the QR code, the PDF/A finishing step."""
