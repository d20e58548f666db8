"""The snapshot a backup reads: one moment for every table, while others keep writing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from campaign import models as m
from campaign.backups import snapshot
from campaign.db import get_engine


def count_organisations(connection) -> int:
    return connection.scalar(select(func.count()).select_from(m.Organisation))


def test_writes_after_the_snapshot_began_are_not_in_it(app, make):
    make.organisation(name="Ofcom", key="ofcom")
    with app.app_context():
        engine = get_engine()
        with snapshot.consistent_connection(engine) as (connection, method):
            assert count_organisations(connection) == 1
            with engine.begin() as writer:
                writer.execute(
                    m.Organisation.__table__.insert().values(
                        name="Northmoor Police", key="northmoor-police", kind="company"
                    )
                )
            assert count_organisations(connection) == 1
        with engine.connect() as connection:
            assert count_organisations(connection) == 2
    assert (
        method
        == {
            "sqlite": snapshot.SQLITE_METHOD,
            "postgresql": snapshot.POSTGRESQL_METHOD,
        }[engine.dialect.name]
    )


def test_postgresql_reads_in_one_read_only_repeatable_read_transaction(app, backend):
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    with app.app_context(), snapshot.consistent_connection(get_engine()) as (connection, _):
        assert connection.scalar(text("SHOW transaction_isolation")) == "repeatable read"
        assert connection.scalar(text("SHOW transaction_read_only")) == "on"
