"""Count the SQL statements sent to the database, to prove a page or an import does not issue
a query per row: `with count_queries(app) as statements: client.get(...)`, then
`len(statements)`. Takes an app (its engine) or an engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import Engine, event

from campaign.db import get_engine


@contextmanager
def count_queries(target: Flask | Engine) -> Iterator[list[str]]:
    if isinstance(target, Flask):
        with target.app_context():
            engine = get_engine()
    else:
        engine = target
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def page_cost(app: Flask, client, path: str) -> tuple[int, int]:
    """(SQL statements, bytes) of one GET of `path`, which must answer 200: what a page costs,
    to compare before and after the tables grow."""
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements), len(response.get_data())
