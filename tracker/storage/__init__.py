"""Storage: the SQLite file, its schema and migrations, and the queries over it.

Nothing in this package imports the CLI framework.
"""
