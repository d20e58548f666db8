"""`?q=` as a condition served by the full-text indexes (campaign/search/indexes.py).

A row matches when one of its searchable columns contains the text, ignoring case: the same
substring rule as the old `lower(column) LIKE '%q%'`, but the text is always literal (`%`,
`_` and quotes are just characters; never LIKE wildcards or FTS5 query syntax).

- SQLite, three characters or more: `id IN (SELECT rowid FROM <table>_search WHERE
  <table>_search MATCH '"q"')`, one quoted phrase, which the trigram tokenizer answers as a
  substring match. Shorter text has no trigram, so it falls back to a scan with LIKE (as
  before).
- PostgreSQL: `lower(column) LIKE '%q%'` per column, served by the `pg_trgm` GIN indexes on
  `lower(column)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    String,
    Table,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlmodel import Session, SQLModel

from campaign.search.indexes import INDEXES, SearchColumn, SearchIndex

# The trigram tokenizer indexes three characters at a time: shorter text can't use it.
TRIGRAM = 3


def literal_pattern(text: str) -> str:
    """`%text%` for LIKE with `\\` as the escape: the text matches only itself."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(text: str) -> str:
    """The text as one FTS5 string (a phrase): never parsed as query syntax."""
    return '"' + text.replace('"', '""') + '"'


def _table(index: SearchIndex) -> Table:
    return SQLModel.metadata.tables[index.table]


def _like(index: SearchIndex, col: SearchColumn, text: str):
    target = _table(index).c[col.name]
    # Written into the statement, not bound: a prepared statement's generic plan, made for any
    # pattern, scanned the table instead of using the trigram index (docs/search.md).
    pattern = bindparam(None, literal_pattern(text.lower()), String, literal_execute=True)
    condition = func.lower(target).like(pattern, escape="\\")
    if col.hidden_when is None:
        return condition
    other, hidden = col.hidden_when
    return and_(_table(index).c[other] != hidden, condition)


def matches(index: SearchIndex, text: str, *, dialect: str):
    """The condition on `index.table`'s rows: one of the columns contains `text`."""
    text = text.replace("\x00", "")
    if dialect == "sqlite" and len(text) >= TRIGRAM:
        fts = table(index.fts_table, column("rowid"))
        found = select(fts.c.rowid).where(
            literal_column(index.fts_table).op("MATCH")(fts_phrase(text))
        )
        return _table(index).c.id.in_(found)
    return or_(*(_like(index, col, text) for col in index.columns))


def text_filter(name: str) -> Callable[[Session, Any, str], Any]:
    """A list page's `?q=` filter over the index named `name` in INDEXES."""
    index = INDEXES[name]

    def apply(session: Session, query, text: str):
        return query.where(matches(index, text, dialect=session.get_bind().dialect.name))

    return apply
