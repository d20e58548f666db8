"""Backups: `flask backup PATH` and `flask restore PATH` (docs/operations.md).

`archive.py` is the file format (a zip of manifest.json and one JSON Lines file per table,
with SHA-256 checksums); `snapshot.py` reads a consistent copy of every table (SQLite's online
backup API, a read-only REPEATABLE READ transaction on PostgreSQL); `services.py` makes and
restores backups; `cli.py` holds the two commands.
"""
