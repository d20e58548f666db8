"""The site-wide search index: every registered record with a `SearchSpec` (campaign.entities),
in one ranked search (campaign.search.everywhere; docs/search.md "Searching everything").

The current layout (2, migration 20261207_site_search_vectors), built for paging from the
index at any size:

- SQLite: one FTS5 table `site_search(title, body)` with the `porter` tokenizer (English
  stemming: "offences" finds "offence"). Everything else a search filters on is in the rowid,
  so filtering never reads a row's text: rowid = `code << 40 | id << 2 | flags`, where `code`
  is the record's kind and `flags` is 1 when archived plus 2 when restricted. Each kind's rows
  are one range of rowids, which FTS5 seeks to: a search of one kind reads only that kind's
  part of the words' lists. Triggers on each table keep it in step in the same transaction as
  the write, whichever path wrote it (an archive or a change of sensitivity moves the row to
  its new rowid).
- PostgreSQL: per table, a stored generated column `search_vector` (the title weighted A, the
  body B, English configuration) with a GIN index; the database computes it in the same
  statement as the write. It is not in the models: the ORM, the API, bundles and backups never
  read or write it (a generated column cannot be written).

Layout 1 (20261207_site_search) had kind, id and the flags as UNINDEXED FTS5 columns, which
every filter had to read row by row, and PostgreSQL expression indexes, which made ranking
recompute each match's tsvector from its text; `create(..., layout=1)` still builds it for that
migration and for the downgrade.

A hidden body (restricted evidence) is indexed as '' on both databases.

Migrations build the index from a copy of the description (`SiteTable` rows written out in
the migration), as for campaign.search.indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

FTS_TABLE = "site_search"
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
CODES = 16  # the kinds' codes are 1 to 15 (layout 1: rowid = id * CODES + code)
ID_SHIFT, KIND_SHIFT = 2, 40  # layout 2: rowid = code << KIND_SHIFT | id << ID_SHIFT | flags
ARCHIVED, RESTRICTED = 1, 2  # the flags
CONFIG = "english"
VECTOR = "search_vector"  # PostgreSQL, layout 2: the stored generated column
LAYOUT = 2  # the current layout (20261207_site_search_vectors)
PENDING_LIST_KB = 256  # PostgreSQL GIN pending list, as campaign.search.indexes (search.md)


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

    def pg_restricted_sql(self) -> str:
        """PostgreSQL: whether a row is restricted, as a boolean."""
        if self.hidden_when is None:
            return "false"
        column, value = self.hidden_when
        return f"({column} = '{value}')"

    @property
    def rowids(self) -> tuple[int, int]:
        """SQLite, layout 2: the first and last rowid this kind's rows can have."""
        return self.code << KIND_SHIFT, ((self.code + 1) << KIND_SHIFT) - 1

    def rowid_sql(self, row: str = "") -> str:
        """SQLite, layout 2: the row's rowid in the index, flags included."""
        prefix = f"{row}." if row else ""
        return (
            f"({self.code} << {KIND_SHIFT}) + ({prefix}id << {ID_SHIFT})"
            f" + ({prefix}archived_at IS NOT NULL) * {ARCHIVED}"
            f" + ({self.restricted_sql(row)}) * {RESTRICTED}"
        )

    def vector_sql(self) -> str:
        """PostgreSQL: the row's tsvector, title weighted A and body B."""
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
    if type_ == "column":
        return name == VECTOR
    return type_ == "index" and name.endswith("_site_search")


# -- SQLite ------------------------------------------------------------------------------
# S608/B608 below: every name comes from the fixed description, checked by SiteTable; no value
# from a user is ever part of these statements.


def _insert(spec: SiteTable, row: str, layout: int) -> str:
    if layout == 1:
        return (
            f"INSERT INTO {FTS_TABLE}(rowid, kind, row_id, restricted, archived, title, body)"  # noqa: S608  # nosec B608
            f" VALUES ({row}.id * {CODES} + {spec.code}, '{spec.kind}', {row}.id,"
            f" {spec.restricted_sql(row)}, {row}.archived_at IS NOT NULL,"
            f" coalesce({row}.{spec.title}, ''), {spec.body_sql(row)});"
        )
    return (
        f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES ({spec.rowid_sql(row)},"  # noqa: S608  # nosec B608
        f" coalesce({row}.{spec.title}, ''), {spec.body_sql(row)});"
    )


def _delete(spec: SiteTable, layout: int) -> str:
    rowid = f"old.id * {CODES} + {spec.code}" if layout == 1 else spec.rowid_sql("old")
    return f"DELETE FROM {FTS_TABLE} WHERE rowid = {rowid};"  # noqa: S608  # nosec B608


def _watched(spec: SiteTable) -> str:
    names = [spec.title, *spec.body, "archived_at", *(spec.hidden_when or ())[:1]]
    return ", ".join(dict.fromkeys(names))


def trigger_statements(spec: SiteTable, layout: int = LAYOUT) -> list[str]:
    on_insert, on_delete, on_update = spec.triggers
    table = spec.table
    insert, delete = _insert(spec, "new", layout), _delete(spec, layout)
    return [
        f"CREATE TRIGGER {on_insert} AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {on_delete} AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {on_update} AFTER UPDATE OF {_watched(spec)} ON {table}"
        f" BEGIN {delete} {insert} END",
    ]


def create_triggers(connection: Connection, spec: SiteTable, layout: int = LAYOUT) -> None:
    """(Re)create a table's SQLite triggers: after a batch migration copied the table."""
    for name in spec.triggers:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in trigger_statements(spec, layout):
        connection.exec_driver_sql(statement)


def _create_sqlite(connection: Connection, specs: list[SiteTable], layout: int) -> None:
    columns = "kind UNINDEXED, row_id UNINDEXED, restricted UNINDEXED, archived UNINDEXED, "
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns if layout == 1 else ''}"
        "title, body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    for spec in specs:
        if layout == 1:
            connection.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}(rowid, kind, row_id, restricted, archived, title, body)"  # noqa: S608  # nosec B608
                f" SELECT id * {CODES} + {spec.code}, '{spec.kind}', id,"
                f" {spec.restricted_sql()}, archived_at IS NOT NULL,"
                f" coalesce({spec.title}, ''), {spec.body_sql()} FROM {spec.table}"
            )
        else:
            connection.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}(rowid, title, body) SELECT {spec.rowid_sql()},"  # noqa: S608  # nosec B608
                f" coalesce({spec.title}, ''), {spec.body_sql()} FROM {spec.table}"
            )
        create_triggers(connection, spec, layout)


# -- both -------------------------------------------------------------------------------


def create(connection: Connection, specs: list[SiteTable], *, layout: int = 1) -> None:
    """Build the index over the rows already in the tables. `layout` defaults to 1, what
    20261207_site_search (which calls it without one) built; later callers give `LAYOUT`."""
    if connection.dialect.name == "sqlite":
        _create_sqlite(connection, specs, layout)
        return
    for spec in specs:
        if layout == 1:
            connection.exec_driver_sql(
                f"CREATE INDEX {spec.pg_index} ON {spec.table} USING gin ({spec.vector_sql()})"
            )
            continue
        connection.exec_driver_sql(
            f"ALTER TABLE {spec.table} ADD COLUMN {VECTOR} tsvector"
            f" GENERATED ALWAYS AS {spec.vector_sql()} STORED"
        )
        connection.exec_driver_sql(
            f"CREATE INDEX {spec.pg_index} ON {spec.table} USING gin ({VECTOR})"
            f" WITH (gin_pending_list_limit = {PENDING_LIST_KB})"
        )


def drop(connection: Connection, specs: list[SiteTable]) -> None:
    """Drop the index, whichever layout (it holds nothing but what its tables hold)."""
    if connection.dialect.name == "sqlite":
        for spec in specs:
            for name in spec.triggers:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        return
    for spec in specs:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {spec.pg_index}")
        connection.exec_driver_sql(f"ALTER TABLE {spec.table} DROP COLUMN IF EXISTS {VECTOR}")
