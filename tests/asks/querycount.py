"""Count the SQL statements an app sends, to prove pages do not issue a query per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from campaign.db import get_engine


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries(app) -> Iterator[QueryCounter]:
    """`with count_queries(app) as counter: client.get(...)`; then `counter.count` is the
    number of SQL statements the app sent to the database meanwhile."""
    counter = QueryCounter()
    with app.app_context():
        engine = get_engine()

    @event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany):
        counter.statements.append(statement)

    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", record)
