"""OZG-Desk: track how an Amt connects its OZG services to the MV-Serviceportal."""

__version__ = "0.1.0"
