"""Rows changed while the database was downgraded: the upgrade applies each foreign key's
ON DELETE rule to the rows it brings back, or stops with a message and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from campaign import migrations
from campaign.db import get_engine
from tests.migrations.test_round_trip import add_a_row_to_every_other_table


def scalar(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def test_rows_pointing_at_a_milestone_deleted_meanwhile_follow_its_foreign_keys(seeded):
    with seeded.app_context():
        engine = get_engine()
        add_a_row_to_every_other_table(engine)
        milestone = scalar(engine, "SELECT milestone_id FROM milestone_moves")
        head = migrations.current_revision(engine)
        migrations.downgrade(engine, "20261124_initial_schema")  # before reminders
        with engine.begin() as connection:
            connection.execute(
                text("DELETE FROM ask_milestones WHERE milestone_id = :m"), {"m": milestone}
            )
            connection.execute(text("DELETE FROM milestones WHERE id = :m"), {"m": milestone})
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
        assert scalar(engine, "SELECT COUNT(*) FROM milestone_moves") == 0  # ON DELETE CASCADE
        assert scalar(engine, "SELECT COUNT(*) FROM deliveries WHERE milestone_id IS NULL") == 1
        assert scalar(engine, "SELECT note FROM deliveries") == "sent late"  # SET NULL, kept
        assert scalar(engine, "SELECT COUNT(*) FROM notifications") == 1
        assert not [t for t in inspect(engine).get_table_names() if t.startswith("_stash_")]


def test_rows_pointing_at_a_source_deleted_meanwhile_stop_the_upgrade(seeded):
    """force_returns.source_id is ON DELETE RESTRICT: the upgrade refuses, names the rows and
    the way through, and changes nothing; after that way through, it upgrades."""
    with seeded.app_context():
        engine = get_engine()
        add_a_row_to_every_other_table(engine)
        head = migrations.current_revision(engine)
        source = scalar(engine, "SELECT source_id FROM return_imports")
        migrations.downgrade(engine, "20261124_packs_and_charts")  # before claims and returns
        with engine.begin() as connection:  # the source's statistics went first
            for sql in (
                "DELETE FROM ask_statistics WHERE statistic_id IN"
                " (SELECT id FROM statistics WHERE source_id = :s)",
                "DELETE FROM statistics WHERE source_id = :s",
                "DELETE FROM sources WHERE id = :s",
            ):
                connection.execute(text(sql), {"s": source})

        with pytest.raises(migrations.MigrationError) as raised:
            migrations.upgrade(engine)
        message = str(raised.value)
        assert "return_imports (source_id) point at sources rows deleted" in message
        assert "_stash_return_imports" in message
        assert migrations.current_revision(engine) == "20261124_packs_and_charts"
        assert "_stash_return_imports" in inspect(engine).get_table_names()

        with engine.begin() as connection:
            for stash in (
                "_stash_force_return_platforms",
                "_stash_force_returns",
                "_stash_return_imports",
            ):
                connection.execute(text(f"DROP TABLE {stash}"))
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
        assert scalar(engine, "SELECT COUNT(*) FROM return_imports") == 0
