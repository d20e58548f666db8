"""A consistent, read-only view of the whole database for the length of a backup.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the live database page by
page into a temporary file, safely while the app and the scheduler keep writing; the backup is
then read from that copy. PostgreSQL: one REPEATABLE READ, READ ONLY transaction reads every
table, so every table is seen as of the same moment (the snapshot pg_dump itself uses).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine

SQLITE_METHOD = "SQLite online backup API (sqlite3.Connection.backup)"
POSTGRESQL_METHOD = "PostgreSQL REPEATABLE READ, READ ONLY transaction"


@contextmanager
def consistent_connection(engine: Engine) -> Iterator[tuple[Connection, str]]:
    """A connection whose reads all see one moment, and the name of the method used."""
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="campaign-backup-") as directory:
            copy = Path(directory) / "snapshot.db"
            target = sqlite3.connect(copy)
            try:
                with engine.connect() as source:
                    source.connection.driver_connection.backup(target)
            finally:
                target.close()
            snapshot = create_engine(f"sqlite:///{copy}")
            try:
                with snapshot.connect() as connection:
                    yield connection, SQLITE_METHOD
            finally:
                snapshot.dispose()
    else:
        with engine.connect() as connection:
            connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with connection.begin():
                yield connection, POSTGRESQL_METHOD
