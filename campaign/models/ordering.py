"""Case-insensitive orders that an index serves, so a list's first page is read in order
instead of sorting every row (50,000 statistics at demo scale 10: docs/benchmarks.md).

`casefold(column)` is the one way to order text ignoring case: `lower(column)` on PostgreSQL,
`column COLLATE NOCASE` on SQLite. The two order alike: SQLite's `lower()` and `NOCASE` both
fold ASCII letters only (https://sqlite.org/datatype3.html#collation), and NOCASE, unlike
`lower()`, can be indexed without an expression index, which SQLite's reflection cannot read
(SQLAlchemy warns and skips it, and every reflection of the table, backups and migrations
included, would repeat that).

`ORDER_INDEXES` are built by migrations (`create`/`drop`, one DDL per dialect), not declared on
the models, so autogenerate and the schema test leave them alone (`is_order_index`); a test
checks head has them. A later change is a new migration with its own copy of the entry. A
SQLite batch-mode migration that copies one of these tables must build its indexes again
(`create`), as the copy would make them plain column indexes.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String


class casefold(FunctionElement):  # noqa: N801  (reads like the SQL function it stands for)
    """ORDER BY casefold(Statistic.label): text in an order that ignores case."""

    type = String()
    name = "casefold"
    inherit_cache = True


@compiles(casefold)
def _casefold_default(element, compiler, **kw) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "sqlite")
def _casefold_sqlite(element, compiler, **kw) -> str:
    return f"{compiler.process(element.clauses, **kw)} COLLATE NOCASE"


# name: (table, its parts in order: "~column" is casefold(column), anything else a column)
ORDER_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    # The Claims page (campaign/claims/listing.py): claim_rank, casefold(label), key.
    "ix_statistics_claim_order": ("statistics", ("claim_rank", "~label", "key")),
    # The statistics list and the ask page's "link a statistic" choices: casefold(label), id.
    "ix_statistics_label_order": ("statistics", ("~label", "id")),
    # The evidence list and the ask page's "link evidence" choices: casefold(title), id.
    "ix_evidence_items_title_order": ("evidence_items", ("~title", "id")),
}


def is_order_index(name: str | None, type_: str) -> bool:
    return type_ == "index" and name in ORDER_INDEXES


def _sql(part: str, dialect: str) -> str:
    if not part.startswith("~"):
        return part
    column = part[1:]
    return f"{column} COLLATE NOCASE" if dialect == "sqlite" else f"lower({column})"


def create(name: str, table: str, parts: tuple[str, ...]) -> None:
    """In a migration: build the index as this database orders `casefold`."""
    dialect = op.get_bind().dialect.name
    op.create_index(name, table, [text(_sql(part, dialect)) for part in parts])


def drop(name: str, table: str) -> None:
    op.drop_index(name, table_name=table)
