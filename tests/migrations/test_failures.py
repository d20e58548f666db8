"""A downgrade that fails or cannot keep its rows changes nothing and leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import event, inspect, text

from campaign import migrations
from campaign.db import get_engine
from tests.migrations.test_round_trip import add_a_row_to_every_other_table, snapshot


def table_names(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


# The statement that fails: SQLite's batch copy of `packs` renamed into place (the copy exists
# then), PostgreSQL's drop of the packs table (rows of other tables are already stashed then).
FAILING = {"sqlite": "RENAME TO packs", "postgresql": "DROP TABLE packs"}


def test_a_failed_downgrade_changes_nothing_and_leaves_no_table_behind(seeded, backend):
    with seeded.app_context():
        engine = get_engine()
        add_a_row_to_every_other_table(engine)
        head, before = migrations.current_revision(engine), snapshot(engine)

        def fail(conn, cursor, statement, parameters, context, executemany):
            if FAILING[backend] in statement:
                raise RuntimeError("disk full")

        event.listen(engine, "before_cursor_execute", fail)
        try:
            with pytest.raises(RuntimeError, match="disk full"):
                migrations.downgrade(engine, "base")
        finally:
            event.remove(engine, "before_cursor_execute", fail)

        assert not [t for t in table_names(engine) if t.startswith(("_alembic_tmp_", "_stash_"))]
        assert migrations.current_revision(engine) == head
        assert snapshot(engine) == before
        if backend == "sqlite":
            with engine.connect() as connection:  # foreign keys are back on for the app
                assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1

        migrations.downgrade(engine, "base")  # nothing blocks the next try
        assert table_names(engine) - {"alembic_version"}
        assert all(t.startswith("_stash_") for t in table_names(engine) - {"alembic_version"})
        migrations.upgrade(engine)
        assert snapshot(engine) == before


def test_a_batch_copy_left_by_an_older_failed_run_is_cleared(seeded, backend):
    if backend != "sqlite":
        pytest.skip("batch mode copies tables on SQLite only")
    with seeded.app_context():
        engine = get_engine()
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE _alembic_tmp_packs (id INTEGER)"))
        migrations.downgrade(engine, "20261124_claims_and_returns")
        assert "_alembic_tmp_packs" not in table_names(engine)
        migrations.upgrade(engine)
        assert "_alembic_tmp_packs" not in table_names(engine)


def test_a_downgrade_refuses_to_overwrite_rows_kept_earlier(seeded):
    """Rows kept by a downgrade that no upgrade read back are never overwritten or mixed."""
    with seeded.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE _stash_revisions (id INTEGER)"))
        with pytest.raises(migrations.MigrationError) as raised:
            migrations.downgrade(engine, "20261124_audit_log")
        message = str(raised.value)
        assert "20261125_revisions_and_tokens" in message and "_stash_revisions" in message
        assert "DROP TABLE _stash_revisions" in message
        assert migrations.current_revision(engine) == head
        assert "revisions" in table_names(engine)


def test_a_sqlite_run_that_would_leave_broken_references_changes_nothing(seeded, backend):
    if backend != "sqlite":
        pytest.skip("PostgreSQL checks every foreign key as it goes")
    with seeded.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        with engine.connect() as connection:  # a row pointing at no ask, behind SQLite's back
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.exec_driver_sql("INSERT INTO ask_tags (ask_id, tag_id) VALUES (9999, 1)")
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        with pytest.raises(migrations.MigrationError, match="table ask_tags, rowid .* in asks"):
            migrations.downgrade(engine, "-1")
        assert migrations.current_revision(engine) == head


def test_a_batch_copy_whose_table_is_gone_stops_the_run(seeded, backend):
    if backend != "sqlite":
        pytest.skip("batch mode copies tables on SQLite only")
    with seeded.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        with engine.begin() as connection:
            connection.execute(
                text("ALTER TABLE notifications RENAME TO _alembic_tmp_notifications")
            )
        with pytest.raises(migrations.MigrationError, match="rename _alembic_tmp_notifications"):
            migrations.downgrade(engine, "-1")
        assert migrations.current_revision(engine) == head
        assert "_alembic_tmp_notifications" in table_names(engine)
