"""Alembic environment: runs on the app's engine (or a connection handed in by tests)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

import campaign.models  # noqa: F401  (fills SQLModel.metadata)
from campaign.models.ordering import is_order_index
from campaign.search.indexes import is_search_object

config = context.config
target_metadata = SQLModel.metadata


def render_item(type_, obj, autogen_context):
    """Render our TypeDecorators as their portable base types so migrations stay plain."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl if not isinstance(obj.impl, type) else obj.impl()
        return f"sa.{impl!r}"
    return False


def include_object(obj, name, type_, reflected, compare_to):
    """APScheduler creates and owns its job table, and a downgrade's stash tables hold rows
    for the next upgrade (campaign/migrations.py): autogenerate must not propose dropping them."""
    if type_ == "table" and name.startswith("_stash_"):
        return False
    if is_search_object(name, type_):  # full-text indexes: built by migrations, not models
        return False
    if is_order_index(name, type_):  # PostgreSQL's expression indexes: the same
        return False
    return not (type_ == "table" and name == "apscheduler_jobs")


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from campaign.db import make_engine
    from campaign.migrations import migration_connection

    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with migration_connection(engine) as conn:  # SQLite: one transaction, foreign keys off
        _run(conn)
    engine.dispose()
