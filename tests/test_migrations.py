"""The migrations and the models describe the same schema, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import campaign.models  # noqa: F401
from campaign import migrations
from campaign.db import get_engine


def test_migrations_match_the_models(app):
    with app.app_context():
        engine = get_engine()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


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


def test_db_cli_reports_the_current_revision(runner):
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0
    assert "initial_schema" in result.output
