"""Highlighted titles and snippets for the rows of one page of a site-wide search
(campaign.search.everywhere): worked out for the rows shown only, never for every match.

- SQLite: FTS5's `highlight()` and `snippet()`, one lookup per row by its exact rowid (kind,
  id and flags, campaign.search.site), all in one statement: a `rowid IN (…)` list made FTS5
  walk every match of the words instead.
- PostgreSQL: `ts_headline` over the row's text.

The markers are private-use characters, turned into <mark> after the text is escaped
(`marked`), so text from a record is never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import TextClause, bindparam, text
from sqlmodel import Session

from campaign.search.site import (
    ARCHIVED,
    CONFIG,
    FTS_TABLE,
    ID_SHIFT,
    KIND_SHIFT,
    RESTRICTED,
    SiteTable,
)

START, STOP = "\ue000", "\ue001"  # highlight markers (private use), turned into <mark>
CHUNK = 100  # rows per SQLite statement (a compound SELECT may have at most 500 parts)


def marked(raw: str | None) -> Markup:
    """Text from the index with its highlight markers as <mark>, everything else escaped."""
    escaped = str(escape(raw or ""))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704  # nosec B704


def rowid(spec: SiteTable, row: Any) -> int:
    """A loaded row's rowid in SQLite's index (site.py's layout 2)."""
    flags = ARCHIVED if row.archived_at is not None else 0
    if spec.hidden_when is not None:
        column, value = spec.hidden_when
        flags += RESTRICTED if getattr(row, column) == value else 0
    return spec.code << KIND_SHIFT | row.id << ID_SHIFT | flags


def marks(
    session: Session, dialect: str, spec: SiteTable, rows: Sequence[Any], *, words: str, fts: str
) -> dict[int, tuple[str, str]]:
    """{id: (title, snippet)} with highlight markers, for these rows of one table; a row that
    matched only through a link has no marks."""
    if not rows:
        return {}
    if dialect == "sqlite":
        return _sqlite_marks(session, spec, rows, fts)
    return _pg_marks(session, spec, [row.id for row in rows], words)


def _sqlite_marks(session: Session, spec: SiteTable, rows: Sequence[Any], fts: str):
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values: dict[str, Any] = {"start": START, "stop": STOP, "fts": fts}
        values |= {f"r{n}": rowid(spec, row) for n, row in enumerate(chunk)}
        result = session.connection().execute(_sqlite_statement(len(chunk)), values)
        found |= {int(i): (title or "", snippet or "") for i, title, snippet in result}
    return found


@lru_cache(maxsize=CHUNK)
def _sqlite_statement(rows: int) -> TextClause:
    """The lookup of `rows` rows by rowid (`:r0`, `:r1`, …), made once per number of rows."""
    # S608/B608: names from the fixed description; the rowids and words are bound.
    return text(
        " UNION ALL ".join(
            f"SELECT (rowid & {(1 << KIND_SHIFT) - 1}) >> {ID_SHIFT},"  # noqa: S608  # nosec B608
            f" highlight({FTS_TABLE}, 0, :start, :stop),"
            f" snippet({FTS_TABLE}, 1, :start, :stop, '…', 24)"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts AND rowid = :r{n}"
            for n in range(rows)
        )
    )


def _pg_marks(session: Session, spec: SiteTable, ids: list[int], words: str):
    options = f"StartSel={START}, StopSel={STOP}"
    statement = text(
        f"SELECT id, ts_headline('{CONFIG}', coalesce({spec.title}, ''), query.q,"  # noqa: S608  # nosec B608
        f" :whole), ts_headline('{CONFIG}', {spec.body_sql()}, query.q, :fragments)"
        f" FROM {spec.table}, (SELECT websearch_to_tsquery('{CONFIG}', :words) AS q) AS query"
        " WHERE id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    result = session.connection().execute(
        statement,
        {
            "words": words,
            "ids": ids,
            "whole": f"{options}, HighlightAll=true",
            "fragments": f"{options}, MaxFragments=2, MaxWords=24, MinWords=10",
        },
    )
    return {int(i): (title or "", snippet or "") for i, title, snippet in result}
