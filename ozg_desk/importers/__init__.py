"""Importers for reference data files (OZG catalogue, MV areas)."""
