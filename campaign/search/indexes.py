"""Which columns of which tables are searchable, and the full-text indexes built from that.

One `SearchIndex` per table. The indexes match substrings, case-insensitively, as the list
pages' `lower(column) LIKE '%q%'` filters did (docs/search.md):

- SQLite: a contentless FTS5 table `<table>_search` with the trigram tokenizer (rowid = the
  row's id), kept in sync by three triggers, so every write path (forms, API, bundle and
  returns imports, Core bulk writes, cascades) updates it without application code.
- PostgreSQL: one GIN index per column on `lower(column)` with `pg_trgm`'s `gin_trgm_ops`,
  which serves `lower(column) LIKE '%q%'` (the database keeps indexes in sync itself). With
  a short pending list (`gin_pending_list_limit`, 256 kB): every search scans the pending
  list row by row, and after a bulk write the default 4 MB made a search take 70 ms, not
  2 ms, at scale 10 (`fastupdate = off` made `demo-data --scale 10` take 77 s, not 22). Not
  `ILIKE`: when the planner scans instead (right after a bulk load, before `ANALYZE`), it
  costs what the old filter did, where `ILIKE` costs about a third more.

A column with `hidden_when` is indexed as '' on the rows it names: restricted evidence's text
and attribution are never in the SQLite index, and PostgreSQL's query excludes those rows, so
a search can only find a restricted item by its title (as before), and only a user cleared to
see it at all (`visible_evidence` scopes the list first).

Migrations copy the description they build (a later change to `INDEXES` is a new migration:
drop the old index, create the new one, both with these functions); a test checks that head
matches `INDEXES`. SQLite drops a table's triggers with the table: a batch-mode migration that
copies `evidence_items` or `statistics` must call `create_triggers` again afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

# Shadow tables FTS5 keeps beside a virtual table `x` (https://sqlite.org/fts5.html).
FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


@dataclass(frozen=True)
class SearchColumn:
    name: str
    # (column, value): on rows where that column holds that value, this one is not searchable.
    hidden_when: tuple[str, str] | None = None


@dataclass(frozen=True)
class SearchIndex:
    table: str
    columns: tuple[SearchColumn, ...]

    def __post_init__(self) -> None:
        # Names go into DDL as written: only plain identifiers (and a plain hidden value).
        words = [self.table, *(c.name for c in self.columns)]
        words += [part for c in self.columns if c.hidden_when for part in c.hidden_when]
        if not all(word.isidentifier() and word.isascii() for word in words):
            raise ValueError(f"search index on {self.table!r}: names must be plain identifiers")

    @property
    def fts_table(self) -> str:
        return f"{self.table}_search"

    @property
    def triggers(self) -> tuple[str, str, str]:
        table = self.fts_table
        return f"{table}_insert", f"{table}_delete", f"{table}_update"

    def pg_index(self, column: SearchColumn) -> str:
        return f"ix_{self.table}_{column.name}_trgm"

    @property
    def names(self) -> str:
        return ", ".join(column.name for column in self.columns)


_HIDDEN_IF_RESTRICTED = ("sensitivity", "restricted")

INDEXES: dict[str, SearchIndex] = {
    "evidence": SearchIndex(
        "evidence_items",
        (
            SearchColumn("title"),
            SearchColumn("text", hidden_when=_HIDDEN_IF_RESTRICTED),
            SearchColumn("attribution", hidden_when=_HIDDEN_IF_RESTRICTED),
        ),
    ),
    "statistics": SearchIndex(
        "statistics",
        (
            SearchColumn("label"),
            SearchColumn("published_wording"),
            SearchColumn("claim"),
            SearchColumn("geography"),
        ),
    ),
}


def is_search_object(name: str | None, type_: str) -> bool:
    """Whether a table or index belongs to a search index (autogenerate leaves them alone:
    they are built by migrations, not by the models)."""
    if name is None:
        return False
    from campaign.search.site import is_site_search_object

    if is_site_search_object(name, type_):  # the site-wide index (campaign/search/site.py)
        return True
    for index in INDEXES.values():
        if type_ == "table" and name in {
            index.fts_table,
            *(index.fts_table + suffix for suffix in FTS5_SHADOW_SUFFIXES),
        }:
            return True
        if type_ == "index" and name in {index.pg_index(column) for column in index.columns}:
            return True
    return False


# SQLite


def _value(column: SearchColumn, row: str) -> str:
    """The text a row's column contributes to the index ('' when hidden)."""
    value = f"coalesce({row}.{column.name}, '')"
    if column.hidden_when is None:
        return value
    other, hidden = column.hidden_when
    return f"CASE WHEN {row}.{other} = '{hidden}' THEN '' ELSE {value} END"


def _values(index: SearchIndex, row: str) -> str:
    return ", ".join(_value(column, row) for column in index.columns)


def _watched(index: SearchIndex) -> str:
    names = [column.name for column in index.columns]
    names += [c.hidden_when[0] for c in index.columns if c.hidden_when is not None]
    return ", ".join(dict.fromkeys(names))


def trigger_statements(index: SearchIndex) -> list[str]:
    fts, table = index.fts_table, index.table
    # S608/B608: every name here comes from the fixed description, checked by SearchIndex;
    # no value from a user is ever part of these statements.
    insert = (
        f"INSERT INTO {fts}(rowid, {index.names})"  # noqa: S608  # nosec B608
        f" VALUES (new.id, {_values(index, 'new')});"
    )
    # A contentless table forgets a row by being told the values it indexed for it.
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {index.names})"  # noqa: S608  # nosec B608
        f" VALUES ('delete', old.id, {_values(index, 'old')});"
    )
    on_insert, on_delete, on_update = index.triggers
    return [
        f"CREATE TRIGGER {on_insert} AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {on_delete} AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {on_update} AFTER UPDATE OF {_watched(index)} ON {table}"
        f" BEGIN {delete} {insert} END",
    ]


def create_triggers(connection: Connection, index: SearchIndex) -> None:
    """(Re)create an index's SQLite triggers: after a batch migration copied its table."""
    for name in index.triggers:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for statement in trigger_statements(index):
        connection.exec_driver_sql(statement)


def create(connection: Connection, index: SearchIndex) -> None:
    """Build the index over the rows already in the table."""
    if connection.dialect.name == "sqlite":
        fts = index.fts_table
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({index.names}, content='', tokenize='trigram')"
        )
        connection.exec_driver_sql(
            f"INSERT INTO {fts}(rowid, {index.names})"  # noqa: S608  # nosec B608  # our names
            f" SELECT id, {_values(index, index.table)} FROM {index.table}"
        )
        create_triggers(connection, index)
        return
    connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in index.columns:
        connection.exec_driver_sql(
            f"CREATE INDEX {index.pg_index(column)} ON {index.table}"
            f" USING gin (lower({column.name}) gin_trgm_ops) WITH (gin_pending_list_limit = 256)"
        )


def drop(connection: Connection, index: SearchIndex) -> None:
    """Drop the index (it holds nothing but what its table holds). The `pg_trgm` extension
    stays: other indexes may use it, and it holds no data."""
    if connection.dialect.name == "sqlite":
        for name in index.triggers:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {index.fts_table}")
        return
    for column in index.columns:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.pg_index(column)}")
