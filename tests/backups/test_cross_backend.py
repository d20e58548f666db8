"""A backup is the same format on both databases: a SQLite backup restores into PostgreSQL
(moving from a laptop to the server) with every table identical."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from campaign.backups import services
from campaign.db import get_engine, make_engine
from tests.backups.conftest import dump


def test_a_sqlite_backup_restores_into_postgresql(backend, database_templates, empty_app, tmp_path):
    if backend != "postgresql":
        pytest.skip("restores into PostgreSQL")
    folder = tmp_path / "sqlite"
    folder.mkdir()
    sqlite = make_engine(database_templates("sqlite").fresh(folder, seeded=True))
    try:
        path = tmp_path / "laptop.campaign-backup"
        manifest = services.make_backup(sqlite, path, now=datetime.now(UTC))
        assert manifest.database_backend == "sqlite"
        with empty_app.app_context():
            services.restore_backup(get_engine(), path)
            restored = dump(get_engine())
        original = dump(sqlite)
    finally:
        sqlite.dispose()
    assert original["asks"] and original["revisions"]
    for table, rows in original.items():
        assert restored[table] == rows, table
