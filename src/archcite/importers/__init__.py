"""Importers: one module per foreign format, bytes in, archcite models out."""
