"""Searching everything: one query over every record in the site-wide index (campaign.search.site),
ranked, with highlighted snippets, counts per kind, and the same access rules as the lists.

- Restricted evidence is left out for a user without clearance before anything is counted
  or ranked: it is in no result, no snippet and no count. With clearance it is found by its
  title only (its text is not in the index).
- Archived records only when asked for (`archived=True`).
- A record may be found through the rows it links to (`SearchSpec.via`): an ask through the
  names of the organisations it targets, ranked below a match of its own.

Ranking: SQLite's bm25 with the title weighted ten times the body; PostgreSQL's `ts_rank` of
the title (weight A) and body (weight B). Both give `score`, lower is better.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text
from sqlmodel import Session, col, select

from campaign.entities import Entity, all_entities
from campaign.search.site import CODES, CONFIG, FTS_TABLE, SiteTable, site_tables

START, STOP = "\ue000", "\ue001"  # highlight markers (private use), turned into <mark>
MAX_QUERY = 200
VIA_WEIGHT = 0.5  # a match through a linked row counts half


@dataclass(frozen=True)
class Hit:
    entity: Entity
    row: Any
    title: Markup
    snippet: Markup
    score: float

    @property
    def archived(self) -> bool:
        return self.row.archived_at is not None


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # kind -> matches, whatever `kinds`
    kinds: tuple[str, ...] = ()  # the kinds asked for (none: all)
    page: int = 1
    per_page: int = 20

    @property
    def total(self) -> int:
        """Matches of the kinds asked for, on every page."""
        return sum(n for kind, n in self.counts.items() if not self.kinds or kind in self.kinds)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def searchable() -> dict[str, Entity]:
    """The records in the site-wide search, by name, in catalogue order."""
    return {e.name: e for e in all_entities() if e.search is not None}


def marked(raw: str | None) -> Markup:
    """Text from the index with its highlight markers as <mark>, everything else escaped."""
    escaped = str(escape(raw or ""))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704  # nosec B704


def fts_query(words: str) -> str:
    """The user's words as an FTS5 query: each word, and each "quoted phrase", literal and
    all required. Never FTS5 syntax: quotes are doubled inside one quoted string."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', words):
        tokens = re.findall(r"\w+", phrase or word)
        if tokens:
            parts.append('"' + " ".join(tokens).replace('"', '""') + '"')
    return " ".join(parts)


# -- the matches, as SQL ------------------------------------------------------------------


def _sqlite_matches(tables: Sequence[SiteTable]) -> str:
    via = _via_sql(tables, score="hits.score", matched="hits")
    return f"""
        hits AS (
            SELECT kind, row_id, archived, restricted,
                   bm25({FTS_TABLE}, 0, 0, 0, 0, 10.0, 1.0) AS score
            FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts
        ),
        matches AS (
            SELECT kind, row_id, score FROM hits
            WHERE (archived = 0 OR :archived) AND (restricted = 0 OR :cleared)
            {via}
        )"""  # noqa: S608  # nosec B608  (names from the fixed description)


def _pg_hits(spec: SiteTable) -> str:
    restricted = "false"
    if spec.hidden_when is not None:
        column, value = spec.hidden_when
        restricted = f"({column} = '{value}')"
    return (
        f"SELECT '{spec.kind}' AS kind, id AS row_id, archived_at IS NOT NULL AS archived,"  # noqa: S608  # nosec B608
        f" {restricted} AS restricted, -ts_rank({spec.vector_sql()}, query.q) AS score"
        f" FROM {spec.table}, query WHERE {spec.vector_sql()} @@ query.q"
    )


def _pg_matches(tables: Sequence[SiteTable]) -> str:
    hits = " UNION ALL ".join(_pg_hits(spec) for spec in tables)
    via = _via_sql(tables, score="hits.score", matched="hits")
    return f"""
        query AS (SELECT websearch_to_tsquery('{CONFIG}', :words) AS q),
        hits AS ({hits}),
        matches AS (
            SELECT kind, row_id, score FROM hits
            WHERE (NOT archived OR :archived) AND (NOT restricted OR :cleared)
            {via}
        )"""  # noqa: S608  # nosec B608


def _via_sql(tables: Sequence[SiteTable], *, score: str, matched: str) -> str:
    """UNION ALL rows found through a linked row (SearchSpec.via)."""
    by_kind = {spec.kind: spec for spec in tables}
    parts = []
    for entity in searchable().values():
        own = by_kind.get(entity.name)
        if own is None or entity.search is None:
            continue
        for link, own_column, other_column, other_kind in entity.search.via:
            parts.append(
                f" UNION ALL SELECT '{own.kind}', link.{own_column}, {VIA_WEIGHT} * {score}"  # noqa: S608  # nosec B608
                f" FROM {matched} JOIN {link} AS link ON link.{other_column} = {matched}.row_id"
                f" JOIN {own.table} AS own ON own.id = link.{own_column}"
                f" WHERE {matched}.kind = '{other_kind}'"
                f" AND (own.archived_at IS NULL OR :archived)"
            )
    return "".join(parts)


def _ranked_sql(dialect: str, tables: Sequence[SiteTable], *, kinds: bool) -> tuple[str, str]:
    matches = _sqlite_matches(tables) if dialect == "sqlite" else _pg_matches(tables)
    best = "best AS (SELECT kind, row_id, min(score) AS score FROM matches GROUP BY kind, row_id)"
    where = "WHERE kind IN :kinds" if kinds else ""
    page = (
        f"WITH {matches}, {best} SELECT kind, row_id, score FROM best {where}"  # noqa: S608  # nosec B608
        " ORDER BY score, kind, row_id LIMIT :limit OFFSET :offset"
    )
    counts = f"WITH {matches}, {best} SELECT kind, count(*) FROM best GROUP BY kind"  # noqa: S608  # nosec B608
    return page, counts


# -- the service --------------------------------------------------------------------------


def search(
    session: Session,
    words: str,
    *,
    cleared: bool,
    kinds: Sequence[str] = (),
    archived: bool = False,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    """One page of what matches `words`, best first, and how many of each kind match."""
    words = words.replace("\x00", "").strip()[:MAX_QUERY]
    results = Results(query=words, kinds=tuple(kinds), page=page, per_page=per_page)
    fts = fts_query(words)
    if not fts:
        return results
    dialect = session.get_bind().dialect.name
    tables = site_tables()
    page_sql, counts_sql = _ranked_sql(dialect, tables, kinds=bool(kinds))
    values: dict[str, Any] = {"archived": archived, "cleared": cleared}
    values["fts" if dialect == "sqlite" else "words"] = fts if dialect == "sqlite" else words
    counts = session.connection().execute(text(counts_sql), values).all()
    results.counts = {kind: int(n) for kind, n in counts}
    statement = text(page_sql)
    paged = {**values, "limit": per_page, "offset": (page - 1) * per_page}
    if kinds:
        statement = statement.bindparams(bindparam("kinds", expanding=True))
        paged["kinds"] = list(kinds)
    ranked = session.connection().execute(statement, paged).all()
    results.hits = _hits(session, dialect, words, fts, ranked)
    return results


def _hits(session: Session, dialect: str, words: str, fts: str, ranked) -> list[Hit]:
    """The page's rows with their highlighted title and snippet (a few rows: one query per
    kind on the page)."""
    entities, specs = searchable(), {spec.kind: spec for spec in site_tables()}
    by_kind: dict[str, list[int]] = {}
    for kind, row_id, _score in ranked:
        by_kind.setdefault(kind, []).append(int(row_id))
    rows: dict[tuple[str, int], Any] = {}
    marks: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, ids in by_kind.items():
        model = entities[kind].model
        for row in session.exec(select(model).where(col(model.id).in_(ids))):
            rows[kind, row.id] = row
        marks.update(
            ((kind, i), m)
            for i, m in _marks(session, dialect, specs[kind], ids, words, fts).items()
        )
    hits = []
    for kind, row_id, score in ranked:
        row = rows.get((kind, int(row_id)))
        if row is None:
            continue
        title, snippet = marks.get((kind, int(row_id)), ("", ""))
        spec = specs[kind]
        hits.append(
            Hit(
                entity=entities[kind],
                row=row,
                title=marked(title) if START in title else escape(getattr(row, spec.title)),
                snippet=marked(snippet),
                score=float(score),
            )
        )
    return hits


def _marks(session: Session, dialect: str, spec: SiteTable, ids: list[int], words: str, fts: str):
    """{id: (title, snippet)} with highlight markers, for these rows of one table."""
    if dialect == "sqlite":
        statement = text(
            f"SELECT row_id, highlight({FTS_TABLE}, 4, :start, :stop),"  # noqa: S608  # nosec B608
            f" snippet({FTS_TABLE}, 5, :start, :stop, '…', 24)"
            f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts AND rowid IN :rowids"
        ).bindparams(bindparam("rowids", expanding=True))
        rowids = [i * CODES + spec.code for i in ids]
        found = session.connection().execute(
            statement, {"start": START, "stop": STOP, "fts": fts, "rowids": rowids}
        )
    else:
        options = f"StartSel={START}, StopSel={STOP}"
        statement = text(
            f"SELECT id, ts_headline('{CONFIG}', coalesce({spec.title}, ''), query.q,"  # noqa: S608  # nosec B608
            f" :whole), ts_headline('{CONFIG}', {spec.body_sql()}, query.q, :fragments)"
            f" FROM {spec.table}, (SELECT websearch_to_tsquery('{CONFIG}', :words) AS q) AS query"
            " WHERE id IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        found = session.connection().execute(
            statement,
            {
                "words": words,
                "ids": ids,
                "whole": f"{options}, HighlightAll=true",
                "fragments": f"{options}, MaxFragments=2, MaxWords=24, MinWords=10",
            },
        )
    return {int(row_id): (title or "", snippet or "") for row_id, title, snippet in found}
