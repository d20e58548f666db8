"""The SQL of a site-wide search (campaign.search.everywhere): one statement that returns a page
of matches, best first, and the number of matches of each kind.

Built to page from the index at any size (docs/search.md "How it works"):
- Filters (archived, restricted, kind) are decided before anything is ranked, from what the
  index holds beside the words: SQLite's rowid (campaign.search.site), PostgreSQL's columns.
- Every match is ranked once (bm25 on SQLite, `ts_rank` of the stored vector on PostgreSQL)
  and the page is the top of that order (`LIMIT`/`OFFSET`); only the few rows of the kinds
  found through a link (`SearchSpec.via`: asks, responses, milestones) are grouped, because
  only they can be found twice (by their own words and through a linked organisation).
- Counts are exact: SQLite counts the matches' rowids in a second walk of the index (no text
  read, no ranking); PostgreSQL counts the matches it collected for the page.

Both ranks are turned into `score`, lower is better. Ties go by kind, then id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from sqlalchemy import TextClause, bindparam, text

from campaign.entities import all_entities
from campaign.search.site import (
    ARCHIVED,
    CONFIG,
    FTS_TABLE,
    ID_SHIFT,
    KIND_SHIFT,
    RESTRICTED,
    VECTOR,
    SiteTable,
)

VIA_WEIGHT = 0.5  # a match through a linked row counts half

# S608/B608 throughout: every name comes from the fixed description (SiteTable checks them);
# the user's words and choices are bound parameters.


def _sqlite_match(spec: SiteTable) -> str:
    """FROM … WHERE for one kind's matches: its range of rowids, which FTS5 seeks to, and the
    rowid's flags, so nothing but a ranking reads beyond the words' lists."""
    first, last = spec.rowids
    return (
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts AND rowid BETWEEN {first} AND {last}"
        f" AND (:cleared OR (rowid & {RESTRICTED}) = 0)"
        f" AND (:archived OR (rowid & {ARCHIVED}) = 0)"
    )


def _sqlite_hits(tables: Sequence[SiteTable], *, ranked: bool, chosen: bool = False) -> str:
    """The index's matches of these tables' kinds, one range of rowids per kind. `chosen`:
    only the kinds in `:kinds` (decided before the walk)."""
    score = f"bm25({FTS_TABLE}, 10.0, 1.0)" if ranked else "0"
    row_id = f"(rowid & {(1 << KIND_SHIFT) - 1}) >> {ID_SHIFT}"
    return " UNION ALL ".join(
        f"SELECT '{spec.kind}' AS kind, {row_id} AS row_id, {score} AS score"  # noqa: S608  # nosec B608
        f" {_sqlite_match(spec)}" + (f" AND '{spec.kind}' IN :kinds" * chosen)
        for spec in tables
    )


def _pg_hits(tables: Sequence[SiteTable], *, ranked: bool) -> str:
    """Each table's matches through its stored vector's GIN index, ranked from the stored
    vector (never recomputed from the text)."""
    score = f"-ts_rank({VECTOR}, query.q)" if ranked else "0"
    parts = []
    for spec in tables:
        restricted = f" AND (NOT {spec.pg_restricted_sql()} OR :cleared)" * bool(spec.hidden_when)
        parts.append(
            f"SELECT '{spec.kind}' AS kind, id AS row_id, {score} AS score"  # noqa: S608  # nosec B608
            f" FROM {spec.table}, query WHERE {VECTOR} @@ query.q"
            f" AND (archived_at IS NULL OR :archived){restricted}"
        )
    return " UNION ALL ".join(parts)


def _via(tables: Sequence[SiteTable]) -> tuple[list[str], list[str], str]:
    """(the kinds found through a link, the kinds they are found through, and the UNION ALL
    of the rows found that way from `found`)."""
    by_kind = {spec.kind: spec for spec in tables}
    linked, through, parts = [], [], []
    for entity in all_entities():
        own = by_kind.get(entity.name)
        if own is None or entity.search is None:
            continue
        for link, own_column, other_column, other_kind in entity.search.via:
            linked.append(own.kind)
            through.append(other_kind)
            parts.append(
                f" UNION ALL SELECT '{own.kind}', link.{own_column}, {VIA_WEIGHT} * found.score"  # noqa: S608  # nosec B608
                f" FROM found JOIN {link} AS link ON link.{other_column} = found.row_id"
                f" JOIN {own.table} AS own ON own.id = link.{own_column}"
                f" WHERE found.kind = '{other_kind}' AND (own.archived_at IS NULL OR :archived)"
                f" AND ({own.restricted_sql('own')} = 0 OR :cleared)"
            )
    return list(dict.fromkeys(linked)), list(dict.fromkeys(through)), "".join(parts)


def ranked_sql(dialect: str, tables: Sequence[SiteTable], *, kinds: bool) -> str:
    """The statement: rows (kind, row_id, score, NULL) for the page, best first (`:limit`,
    `:offset`, only `:kinds` if `kinds`), and rows (kind, NULL, NULL, n) for the counts of
    every kind (n may be 0). Parameters: `:fts` (SQLite) or `:words` (PostgreSQL),
    `:archived`, `:cleared`.

    `found`: the few matches of the kinds found through a link and of the kinds they are
    found through, collected to group them (`linked`). `plain`: the other kinds' matches, each
    once. SQLite streams them into the page's sort and counts each kind's rowids in a second
    walk of its part of the words' lists (a few milliseconds; a copy of every match costs
    more); PostgreSQL collects them once, as counting them again would read the rows' pages."""
    linked_kinds, through, via = _via(tables)
    plain = [spec for spec in tables if spec.kind not in linked_kinds]
    needed = [spec for spec in tables if spec.kind in linked_kinds or spec.kind in through]
    ctes, best, counts = [], [], []
    hits: Callable[..., str] = _sqlite_hits if dialect == "sqlite" else _pg_hits
    if dialect == "sqlite":
        if plain:
            best.append(hits(plain, ranked=True, chosen=kinds))
            counts += [
                f"SELECT '{spec.kind}', NULL, NULL, count(*) {_sqlite_match(spec)}"  # noqa: S608  # nosec B608
                for spec in plain
            ]
    else:
        ctes.append(f"query AS (SELECT websearch_to_tsquery('{CONFIG}', :words) AS q)")
        if plain:
            ctes.append(f"plain AS MATERIALIZED ({hits(plain, ranked=True)})")
            best.append("SELECT kind, row_id, score FROM plain")
            counts.append("SELECT kind, NULL, NULL, count(*) FROM plain GROUP BY kind")
    if linked_kinds:
        names = ", ".join(f"'{kind}'" for kind in linked_kinds)
        ctes.append(f"found AS MATERIALIZED ({hits(needed, ranked=True)})")
        ctes.append(
            "linked AS MATERIALIZED (SELECT kind, row_id, min(score) AS score FROM ("  # noqa: S608  # nosec B608
            f"SELECT kind, row_id, score FROM found WHERE kind IN ({names}){via}"
            ") AS own GROUP BY kind, row_id)"
        )
        best.append("SELECT kind, row_id, score FROM linked")
        counts.append("SELECT kind, NULL, NULL, count(*) FROM linked GROUP BY kind")
    with_ = f"WITH {', '.join(ctes)} " if ctes else ""
    where = "WHERE kind IN :kinds" if kinds else ""
    return (
        f"{with_}SELECT * FROM (SELECT kind, row_id, score, CAST(NULL AS bigint) AS n"  # noqa: S608  # nosec B608
        f" FROM ({' UNION ALL '.join(best)}) AS best {where}"
        " ORDER BY score, kind, row_id LIMIT :limit OFFSET :offset) AS shown"
        f" UNION ALL {' UNION ALL '.join(counts)}"
    )


@lru_cache(maxsize=32)
def ranked_statement(dialect: str, tables: tuple[SiteTable, ...], *, kinds: bool) -> TextClause:
    """`ranked_sql` as a statement, made once per shape (parsing its parameters out of the
    text costs more than running a narrow search)."""
    statement = text(ranked_sql(dialect, tables, kinds=kinds))
    return statement.bindparams(bindparam("kinds", expanding=True)) if kinds else statement
