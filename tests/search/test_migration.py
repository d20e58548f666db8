"""The migration that builds the indexes (20261207_text_search): head holds what
`campaign.search.INDEXES` describes, and down, up again rebuilds them from the rows (a
downgrade loses no data: the indexes hold nothing the tables don't)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, Table, insert, inspect, text
from sqlmodel import Session, select

from campaign import migrations
from campaign.db import get_engine
from campaign.models import Evidence, Sensitivity, Statistic
from campaign.search import INDEXES
from campaign.search.matching import matches

BEFORE = "20261207_returns_ranges"
# The statistics' text columns that are NOT NULL with a default in the model (not the schema).
TEXT_DEFAULTS = {"period_label", "geography", "coverage", "caveats", "published_wording",
                 "basis", "chart", "chart_label", "claim"}  # fmt: skip


def search_objects(connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE name LIKE '%search%' AND type != 'index'"
                " AND name NOT LIKE 'site_search%'"  # the site-wide index: test_site_index.py
            )
        )
    else:
        rows = connection.execute(
            text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm'")
        )
    return set(rows.scalars())


def expected_objects(dialect: str) -> set[str]:
    names = set()
    for index in INDEXES.values():
        if dialect == "sqlite":
            names |= {index.fts_table, *index.triggers}
            names |= {index.fts_table + s for s in ("_data", "_idx", "_docsize", "_config")}
        else:
            names |= {index.pg_index(column) for column in index.columns}
    return names


def found(engine, model, name: str, words: str) -> list[str]:
    with Session(engine) as session:
        query = select(model).where(matches(INDEXES[name], words, dialect=engine.dialect.name))
        return sorted(getattr(row, "title", None) or row.label for row in session.exec(query))


def test_head_holds_the_described_indexes(app):
    with app.app_context():
        engine = get_engine()
        with engine.connect() as connection:
            assert search_objects(connection) == expected_objects(engine.dialect.name)
            if engine.dialect.name == "sqlite":
                for index in INDEXES.values():
                    columns = inspect(connection).get_columns(index.fts_table)
                    assert [c["name"] for c in columns] == [c.name for c in index.columns]


def test_down_and_up_again_with_data(app, make):
    make.evidence(title="Kept quote", text="Said on Harbourforums", attribution="A parent")
    make.evidence(title="Kept case", text="Harbourforums DMs", sensitivity=Sensitivity.RESTRICTED)
    make.statistic(label="Kept figure", geography="Highvale")
    with app.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        migrations.downgrade(engine, BEFORE)
        with engine.connect() as connection:
            assert search_objects(connection) == set()
            tables = inspect(connection).get_table_names()
        assert not [t for t in tables if t.startswith(("_alembic_tmp_", "_stash_"))]
        with Session(engine) as session:  # every row is still there, and rows can be written
            assert len(session.exec(select(Evidence)).all()) == 2
        # Written through the table as it is at that revision: the model is head's.
        with engine.begin() as connection:
            statistics = Table("statistics", MetaData(), autoload_with=connection)
            now = datetime.now(UTC)
            blank = {c.name: "" for c in statistics.c if c.name in TEXT_DEFAULTS}
            connection.execute(
                insert(statistics).values(
                    {**blank, "key": "added-down", "label": "Added while down", "value": "1",
                     "unit": "count", "geography": "Highvale", "created_at": now,
                     "updated_at": now, "version": 1}
                )
            )  # fmt: skip

        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
        assert found(engine, Evidence, "evidence", "harbourforums") == ["Kept quote"]
        assert found(engine, Evidence, "evidence", "kept case") == ["Kept case"]
        assert found(engine, Statistic, "statistics", "HIGHVALE") == [
            "Added while down",
            "Kept figure",
        ]
        with engine.connect() as connection:
            assert search_objects(connection) == expected_objects(engine.dialect.name)

        # ...and the triggers work after the rebuild.
        with Session(engine) as session:
            session.add(Evidence(key="after", title="After", kind="quote", text="Emberlive"))
            session.commit()
        assert found(engine, Evidence, "evidence", "emberlive") == ["After"]
