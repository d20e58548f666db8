"""The site-wide search index: every registered record with a `SearchSpec` (campaign.entities),
in one ranked search (campaign.search.everywhere; docs/search.md "Searching everything").

- SQLite: one FTS5 table `site_search` with the `porter` tokenizer (English stemming: "offences"
  finds "offence"), holding each row's title and body, its kind and id, and whether it is
  restricted or archived; rowid = `id * 16 + code`. Triggers on each table keep it in step in
  the same transaction as the write, whichever path wrote it.
- PostgreSQL: per table, a GIN index on the row's `tsvector` (the title weighted A, the body
  B, English configuration); the search uses the same expression with `websearch_to_tsquery`,
  and the database keeps the index in step itself. An expression index rather than a stored
  generated column: a generated column cannot be written, and backups, restores and the
  migrations' stash tables copy every column of a table.

A hidden body (restricted evidence) is indexed as '' on both databases.

Migrations build the index from a copy of the description (`SiteTable` rows written out in
the migration), as for campaign.search.indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

FTS_TABLE = "site_search"
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
CODES = 16  # rowid = id * CODES + code
CONFIG = "english"


@dataclass(frozen=True)
class SiteTable:
    kind: str  # the entity's name: "statistic"
    code: int
    table: str
    title: str
    body: tuple[str, ...] = ()
    hidden_when: tuple[str, str] | None = None  # (column, value): body '' and restricted

    def __post_init__(self) -> None:
        words = [self.kind, self.table, self.title, *self.body, *(self.hidden_when or ())]
        if not all(word.isidentifier() and word.isascii() for word in words):
            raise ValueError(f"site search on {self.table!r}: names must be plain identifiers")
        if not 1 <= self.code < CODES:
            raise ValueError(f"site search on {self.table!r}: code must be 1 to {CODES - 1}")

    @property
    def triggers(self) -> tuple[str, str, str]:
        base = f"{FTS_TABLE}_{self.table}"
        return f"{base}_insert", f"{base}_delete", f"{base}_update"

    @property
    def pg_index(self) -> str:
        return f"ix_{self.table}_site_search"

    def body_sql(self, row: str = "") -> str:
        """The body as one text ('' when hidden), for a row alias (`new.`) or the table."""
        prefix = f"{row}." if row else ""
        parts = " || ' ' || ".join(f"coalesce({prefix}{name}, '')" for name in self.body) or "''"
        if self.hidden_when is None:
            return parts
        column, value = self.hidden_when
        return f"CASE WHEN {prefix}{column} = '{value}' THEN '' ELSE {parts} END"

    def restricted_sql(self, row: str = "") -> str:
        if self.hidden_when is None:
            return "0"
        prefix = f"{row}." if row else ""
        column, value = self.hidden_when
        return f"CASE WHEN {prefix}{column} = '{value}' THEN 1 ELSE 0 END"

    def vector_sql(self) -> str:
        """PostgreSQL: the row's tsvector, title weighted A and body B (index and query)."""
        title = f"setweight(to_tsvector('{CONFIG}', coalesce({self.title}, '')), 'A')"
        body = f"setweight(to_tsvector('{CONFIG}', {self.body_sql()}), 'B')"
        return f"({title} || {body})"


def site_tables() -> list[SiteTable]:
    """The current description, from the registry (a migration keeps its own copy)."""
    from campaign.entities import all_entities

    return [
        SiteTable(
            kind=entity.name,
            code=entity.search.code,
            table=entity.model.__tablename__,
            title=entity.search.title,
            body=tuple(entity.search.body),
            hidden_when=entity.search.hidden_when,
        )
        for entity in all_entities()
        if entity.search is not None
    ]


def is_site_search_object(name: str | None, type_: str) -> bool:
    if name is None:
        return False
    if type_ == "table":
        return name in {FTS_TABLE, *(FTS_TABLE + suffix for suffix in FTS_SHADOW_SUFFIXES)}
    return type_ == "index" and name.endswith("_site_search")


# -- SQLite ------------------------------------------------------------------------------


def _insert(spec: SiteTable, row: str) -> str:
    return (
        f"INSERT INTO {FTS_TABLE}(rowid, kind, row_id, restricted, archived, title, body)"  # noqa: S608  # nosec B608
        f" VALUES ({row}.id * {CODES} + {spec.code}, '{spec.kind}', {row}.id,"
        f" {spec.restricted_sql(row)}, {row}.archived_at IS NOT NULL,"
        f" coalesce({row}.{spec.title}, ''), {spec.body_sql(row)});"
    )


def _delete(spec: SiteTable) -> str:
    return f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id * {CODES} + {spec.code};"  # noqa: S608  # nosec B608


def _watched(spec: SiteTable) -> str:
    names = [spec.title, *spec.body, "archived_at", *(spec.hidden_when or ())[:1]]
    return ", ".join(dict.fromkeys(names))


def trigger_statements(spec: SiteTable) -> list[str]:
    # S608/B608: every name comes from the fixed description, checked by SiteTable; no value
    # from a user is ever part of these statements.
    on_insert, on_delete, on_update = spec.triggers
    table = spec.table
    return [
        f"CREATE TRIGGER {on_insert} AFTER INSERT ON {table} BEGIN {_insert(spec, 'new')} END",
        f"CREATE TRIGGER {on_delete} AFTER DELETE ON {table} BEGIN {_delete(spec)} END",
        f"CREATE TRIGGER {on_update} AFTER UPDATE OF {_watched(spec)} ON {table}"
        f" BEGIN {_delete(spec)} {_insert(spec, 'new')} END",
    ]


def create_triggers(connection: Connection, spec: SiteTable) -> None:
    """(Re)create a table's SQLite triggers: after a batch migration copied the table."""
    for name in spec.triggers:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in trigger_statements(spec):
        connection.exec_driver_sql(statement)


def create(connection: Connection, specs: list[SiteTable]) -> None:
    """Build the index over the rows already in the tables."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(kind UNINDEXED, row_id UNINDEXED,"
            " restricted UNINDEXED, archived UNINDEXED, title, body,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
        for spec in specs:
            connection.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}(rowid, kind, row_id, restricted, archived, title, body)"  # noqa: S608  # nosec B608
                f" SELECT id * {CODES} + {spec.code}, '{spec.kind}', id,"
                f" {spec.restricted_sql()}, archived_at IS NOT NULL,"
                f" coalesce({spec.title}, ''), {spec.body_sql()} FROM {spec.table}"
            )
            create_triggers(connection, spec)
        return
    for spec in specs:
        connection.exec_driver_sql(
            f"CREATE INDEX {spec.pg_index} ON {spec.table} USING gin ({spec.vector_sql()})"
        )


def drop(connection: Connection, specs: list[SiteTable]) -> None:
    """Drop the index (it holds nothing but what its tables hold)."""
    if connection.dialect.name == "sqlite":
        for spec in specs:
            for name in spec.triggers:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        return
    for spec in specs:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {spec.pg_index}")
