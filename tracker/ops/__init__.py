"""Library operations built on the storage layer, for the command line and other callers."""
