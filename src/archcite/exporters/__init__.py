"""Exporters: archcite records to other bibliographic formats."""
