"""The list pages' `?q=` filters through the indexes: restricted evidence stays hidden, the
text is literal, and the page's query is one the index serves (no full scan)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, inspect, text

from campaign.db import get_engine
from campaign.models import Sensitivity
from tests.search.test_sync import listed

SECRET = "Jane was groomed in Wigan"


@pytest.fixture
def items(make):
    make.evidence(
        title="Restricted case",
        text=SECRET,
        attribution="Jane, 14",
        sensitivity=Sensitivity.RESTRICTED,
    )
    make.evidence(title="Public quote", text="Wigan parents spoke", sensitivity=Sensitivity.PUBLIC)
    make.evidence(title="Internal note", text="100% of forces_answered")


def test_restricted_evidence_is_never_found_by_what_it_says(client, client_as, items):
    viewer = client_as("viewer")
    for who in (client, viewer):  # cleared or not: text and attribution are not searchable
        assert listed(who, "evidence", "wigan") == ["Public quote"]
        assert listed(who, "evidence", "jane") == []
        assert listed(who, "evidence", "groomed in") == []
    # Its title finds it for a cleared user only; without clearance it does not exist.
    assert listed(client, "evidence", "restricted case") == ["Restricted case"]
    assert listed(viewer, "evidence", "restricted case") == []
    assert listed(viewer, "evidence", "case") == []


def test_the_text_is_literal(client, items):
    """`%` and `_` were LIKE wildcards (`?q=_` listed everything); quotes and FTS5 words are
    plain characters too (docs/search.md)."""
    assert listed(client, "evidence", "_") == ["Internal note"]
    assert listed(client, "evidence", "100%") == ["Internal note"]
    for query in ('"', 'wigan" OR "note', "NEAR(wigan)", "text:wigan", "wigan*", "-wigan"):
        assert listed(client, "evidence", query) == [], query


def _page_statement(app, client, url: str) -> tuple[str, object]:
    """The statement that lists the page's rows (the one with LIMIT), with its parameters."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    [found] = [(s, p) for s, p in seen if "LIMIT" in s.upper() and "count(" not in s]
    return found


@pytest.mark.parametrize(
    ("url", "index"),
    [
        ("/evidence/?q=wigan+parents", "evidence_items"),
        ("/statistics/?q=england", "statistics"),
    ],
)
def test_the_page_query_is_served_by_the_index(app, client, items, backend, url, index):
    statement, parameters = _page_statement(app, client, url)
    with app.app_context(), get_engine().connect() as connection:
        raw = connection.connection.dbapi_connection
        cursor = raw.cursor()
        if backend == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
            assert f"SCAN {index}_search VIRTUAL TABLE" in plan, plan
        else:
            # Tiny tables favour a scan; forbidding it shows whether an index can serve. The
            # table's other indexes (the list's order, the period filter's) would serve a
            # tiny table as well as any: they are dropped for the question, and come back
            # with the rollback (PostgreSQL's DDL is transactional).
            connection.execute(text("SET enable_seqscan = off"))
            others = [
                found["name"]
                for found in inspect(connection).get_indexes(index)
                if not found["name"].endswith("_trgm")
            ]
            for name in others:
                connection.execute(text(f'DROP INDEX "{name}"'))
            cursor.execute(f"EXPLAIN {statement}", parameters)
            plan = " | ".join(row[0] for row in cursor.fetchall())
            connection.rollback()
            assert f"ix_{index}_" in plan and "_trgm" in plan, plan
        cursor.close()
