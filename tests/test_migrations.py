"""The migrations and the models describe the same schema, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import campaign.models  # noqa: F401
from campaign import migrations
from campaign.db import get_engine
from campaign.models.ordering import is_order_index
from campaign.search import is_search_object


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:
    return not (is_search_object(name, type_) or is_order_index(name, type_))


def test_migrations_match_the_models(app):
    with app.app_context():
        engine = get_engine()
        with engine.connect() as connection:
            # The full-text indexes are built by a migration, not the models (docs/search.md).
            opts = {"compare_type": True, "include_object": _not_search_index}
            context = MigrationContext.configure(connection, opts=opts)
            diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_revision_ids_fit_alembic_version_table():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config("sqlite://"))
    assert all(len(rev.revision) <= 32 for rev in script.walk_revisions())


def test_downgrade_to_base_and_upgrade_again(app):
    with app.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        assert head is not None
        migrations.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
        assert "asks" in inspect(engine).get_table_names()


def test_db_cli_reports_the_current_revision(runner, database_url):
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(migrations.alembic_config(database_url)).get_current_head()
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0
    assert result.output.strip() == head


def test_upgrading_a_database_with_data_keeps_it(app):
    """A user's database at the first revision, with a milestone in it, upgrades in place."""
    from sqlalchemy import text

    with app.app_context():
        engine = get_engine()
        migrations.downgrade(engine, "base")
        migrations.upgrade(engine, "20261124_initial_schema")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO milestones (key, title, milestone_date, date_precision, kind,"
                    " is_planned, description, created_at, updated_at) VALUES ('m', 'Closes',"
                    " '2026-02-23', 'day', 'consultation_closes', false, '',"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        migrations.upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(text("SELECT title, done_note, reminder_offsets FROM milestones"))
            assert row.one() == ("Closes", "", None)


def test_head_has_the_order_indexes(app, backend):
    # Built by migrations, not the models (campaign/models/ordering.py): the test above skips
    # them, so this one checks they are there, and that the lists' order uses them.
    from campaign.models.ordering import ORDER_INDEXES

    with app.app_context():
        inspector = inspect(get_engine())
        found = {
            index["name"]
            for table in {table for table, _ in ORDER_INDEXES.values()}
            for index in inspector.get_indexes(table)
        }
    assert found >= set(ORDER_INDEXES)
    if backend == "sqlite":  # PostgreSQL's planner chooses by the table's size and statistics
        query = "EXPLAIN QUERY PLAN SELECT id FROM statistics ORDER BY label COLLATE NOCASE, id"
        with app.app_context(), get_engine().connect() as connection:
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(query))
        assert "ix_statistics_label_order" in plan and "TEMP B-TREE" not in plan
