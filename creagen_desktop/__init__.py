"""Creagen: an offline creative-writing assistant."""

__version__ = "0.1.0"
