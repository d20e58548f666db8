"""Test helpers shared by the responses, milestones and dashboard tests."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager

from sqlalchemy import event

from campaign.db import get_engine


@contextmanager
def counting_queries(app):
    """Count the SQL statements the app runs inside the block: `with ... as count: ...`,
    then `count()`."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = get_engine()
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield lambda: len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", before)


def page_text(response) -> str:
    """The page's visible text: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    text = re.sub(r"\( ", "(", text)  # "(<a>…</a>)" reads "(…)"
    return re.sub(r" ([:,.;)])", r"\1", text)  # "<time>…</time>:" reads "… 2025:"
