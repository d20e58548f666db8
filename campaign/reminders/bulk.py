"""Bulk writes that stay fast at 10,000 rows on both databases.

SQLite: executemany, which SQLAlchemy turns into multi-row INSERTs (with RETURNING where
asked) from one cached statement. PostgreSQL: `INSERT … SELECT … FROM unnest(arrays)`, one
array parameter per column that varies and a plain parameter for each column that doesn't; a
500-row VALUES list costs psycopg more to parse and adapt than the server takes to insert it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from sqlalchemy import Table, any_, bindparam, cast, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Result
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session


def dialect_insert(bind):
    """The INSERT construct with ON CONFLICT for this database (SQLite or PostgreSQL)."""
    return {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[bind.dialect.name]


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _element_type(column):
    kind = column.type
    return kind.impl if isinstance(kind, TypeDecorator) else kind


def _plain(value):
    return value.value if isinstance(value, enum.Enum) else value


def _from_arrays(table: Table, rows: list[dict]):
    columns = list(rows[0])
    varying = [c for c in columns if any(row[c] != rows[0][c] for row in rows)]
    arrays = [
        cast(
            bindparam(f"rows_{name}", [_plain(row[name]) for row in rows]),
            ARRAY(_element_type(table.c[name])),
        )
        for name in varying
    ]
    source = func.unnest(*arrays).table_valued(*varying, name="new").render_derived()
    selected = [
        source.c[name] if name in varying else literal(rows[0][name], table.c[name].type)
        for name in columns
    ]
    return postgresql.insert(table).from_select(columns, select(*selected))


def insert_new(
    session: Session, table: Table, rows: list[dict], *, unique: str, returning: Sequence
) -> Result:
    """INSERT the rows whose `unique` column is not taken yet (ON CONFLICT DO NOTHING) and
    return `returning` for those inserted, i.e. those this call owns. All rows have the same
    keys."""
    if _postgresql(session):
        statement = _from_arrays(table, rows)
        return session.exec(
            statement.on_conflict_do_nothing(index_elements=[unique]).returning(*returning)
        )
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=[unique])
    return session.exec(statement.returning(*returning), params=rows)


def insert_many(session: Session, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    if _postgresql(session):
        session.exec(_from_arrays(table, rows))
    else:
        session.exec(table.insert(), params=rows)


def one_of(session: Session, column, values: list):
    """`column IN (…)`; on PostgreSQL `column = ANY(array)`: one parameter, not hundreds."""
    if _postgresql(session):
        return column == any_(cast(bindparam(None, values), ARRAY(_element_type(column))))
    return column.in_(values)
