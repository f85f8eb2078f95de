"""tracker: follow policy initiatives: who promised what, by when, and whether it happened."""

__version__ = "0.1.0"
