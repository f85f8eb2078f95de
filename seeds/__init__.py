"""Seed data: the source articles and the structured seed file (shipped as tracker.seeds)."""
