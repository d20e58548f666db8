"""Searching everything: one query over every record in the site-wide index (campaign.search.site),
ranked, with highlighted snippets, counts per kind, and the same access rules as the lists.

- Restricted evidence is left out for a user without clearance before anything is counted
  or ranked: it is in no result, no snippet and no count. With clearance it is found by its
  title only (its text is not in the index).
- Archived records only when asked for (`archived=True`).
- A record may be found through the rows it links to (`SearchSpec.via`): an ask through the
  names of the organisations it targets, ranked below a match of its own.

Ranking: SQLite's bm25 with the title weighted ten times the body; PostgreSQL's `ts_rank` of
the title (weight A) and body (weight B). Both give `score`, lower is better. The statement is
campaign.search.ranking's; the page's snippets, campaign.search.snippets'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlmodel import Session, col, select

from campaign.entities import Entity, all_entities
from campaign.search import snippets
from campaign.search.ranking import ranked_statement
from campaign.search.site import site_tables
from campaign.search.snippets import START, marked

MAX_QUERY = 200


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


def fts_query(words: str) -> str:
    """The user's words as an FTS5 query, read as PostgreSQL's `websearch_to_tsquery` reads
    them, so the box means the same on both databases: each word and each "quoted phrase"
    required; `or` between two of them for either; `-word` or `-"phrase"` to leave out. Never
    FTS5 syntax: every term is one quoted string, its quotes doubled. A group with nothing to
    find but only words to leave out is dropped (FTS5 has no "everything except")."""
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    for minus, phrase, word in re.findall(r'(-?)(?:"([^"]*)"|(\S+))', words):
        if not phrase and word.lower() == "or" and not minus:
            groups.append(([], []))
            continue
        tokens = re.findall(r"\w+", phrase or word)
        if tokens:
            term = '"' + " ".join(tokens).replace('"', '""') + '"'
            groups[-1][1 if minus else 0].append(term)
    # NOT binds tighter than AND in FTS5 (sqlite.org/fts5.html "FTS5 Boolean Operators"), as
    # `!` does than `&` in a tsquery, so "a b -c" is "a" AND "b" NOT "c".
    parts = [
        " AND ".join(wanted) + "".join(f" NOT {term}" for term in unwanted)
        for wanted, unwanted in groups
        if wanted
    ]
    return " OR ".join(f"({part})" for part in parts) if len(parts) > 1 else "".join(parts)


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
    statement = ranked_statement(dialect, tuple(tables), kinds=bool(kinds))
    values: dict[str, Any] = {"archived": archived, "cleared": cleared}
    values["fts" if dialect == "sqlite" else "words"] = fts if dialect == "sqlite" else words
    values |= {"limit": per_page, "offset": (page - 1) * per_page}
    if kinds:
        values["kinds"] = list(kinds)
    connection = session.connection()
    if dialect == "postgresql":
        # No JIT compilation for this transaction: a broad search's plan is costed above
        # jit_above_cost, and compiling it took longer than running it (tens of milliseconds;
        # "for short queries the added overhead of performing JIT compilation will often be
        # higher than the time it can save": PostgreSQL 15 docs, 32.2 "When to JIT?").
        connection.exec_driver_sql("SET LOCAL jit = off")
    rows = connection.execute(statement, values).all()
    results.counts = {kind: int(n) for kind, row_id, _, n in rows if row_id is None and n}
    ranked = sorted(
        ((kind, row_id, score) for kind, row_id, score, _ in rows if row_id is not None),
        key=lambda hit: (hit[2], hit[0], hit[1]),
    )
    results.hits = _hits(session, dialect, words, fts, ranked)
    return results


def _hits(session: Session, dialect: str, words: str, fts: str, ranked) -> list[Hit]:
    """The page's rows with their highlighted title and snippet (a few rows: two queries per
    kind on the page)."""
    entities, specs = searchable(), {spec.kind: spec for spec in site_tables()}
    by_kind: dict[str, list[int]] = {}
    for kind, row_id, _score in ranked:
        by_kind.setdefault(kind, []).append(int(row_id))
    rows: dict[tuple[str, int], Any] = {}
    marks: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, ids in by_kind.items():
        model = entities[kind].model
        found = list(session.exec(select(model).where(col(model.id).in_(ids))))
        rows.update(((kind, row.id), row) for row in found)
        marked_rows = snippets.marks(session, dialect, specs[kind], found, words=words, fts=fts)
        marks.update(((kind, i), m) for i, m in marked_rows.items())
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
