"""Schema migrations through Alembic (the scripts live in campaign/migrations).

Every revision downgrades without losing data (docs/architecture.md, "Migrations"): before a
downgrade drops a table or a column that holds rows, it keeps them in a stash table
(`_stash_<table>` or `_stash_<table>__<column>`), and the upgrade that creates the table or the
column again reads the stash back and drops it. On SQLite every run (up or down) happens in one
transaction with foreign keys off, then checks them (`PRAGMA foreign_key_check`) before it
commits, so batch mode's table copies neither cascade nor fail, and a failure leaves nothing
behind: no half-done revision and no `_alembic_tmp_*` table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    ForeignKeyConstraint,
    MetaData,
    Table,
    and_,
    case,
    func,
    insert,
    inspect,
    literal,
    null,
    select,
    update,
)

SCRIPT_LOCATION = "campaign:migrations"
STASH_PREFIX = "_stash_"
BATCH_TEMP_PREFIX = "_alembic_tmp_"


class MigrationError(RuntimeError):
    """A migration that cannot run as asked; the message says why and the way through."""


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    # Revision ids are date-prefixed ("20261124_initial_schema") and name their files, so the
    # history reads in order in a directory listing.
    cfg.set_main_option("file_template", "%%(rev)s")
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with migration_connection(engine) as connection:
        command.upgrade(alembic_config(str(engine.url), connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with migration_connection(engine) as connection:
        command.downgrade(alembic_config(str(engine.url), connection), revision)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for a whole migration run, committed only on success.

    PostgreSQL: DDL is transactional, nothing more to do. SQLite: `PRAGMA foreign_keys` is a
    no-op inside a transaction, so it is switched off before the transaction begins and back on
    after it ends. The transaction is begun explicitly (`BEGIN`), because Python's sqlite3
    module only opens one before INSERT/UPDATE/DELETE: without it, batch mode's
    `CREATE TABLE _alembic_tmp_x` would commit on its own and outlive a failure.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                connection.exec_driver_sql("BEGIN")
                _clear_leftover_batch_tables(connection)
                yield connection
                _check_foreign_keys(connection)
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def _clear_leftover_batch_tables(connection: Connection) -> None:
    """Drop `_alembic_tmp_x` copies left by a failed run of older code, when `x` is intact."""
    tables = set(inspect(connection).get_table_names())
    for name in sorted(t for t in tables if t.startswith(BATCH_TEMP_PREFIX)):
        original = name.removeprefix(BATCH_TEMP_PREFIX)
        if original not in tables:
            raise MigrationError(
                f"Table {name} is left from a failed migration and table {original} is missing:"
                f" the rows may only be in {name}. Back up the database file, then rename"
                f" {name} to {original} (ALTER TABLE {name} RENAME TO {original}) and retry."
            )
        connection.exec_driver_sql(f'DROP TABLE "{name}"')


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise MigrationError(
            f"After the migration {len(broken)} row(s) would point at missing rows (first:"
            f" table {table}, rowid {rowid}, missing in {parent}), so nothing was changed. If"
            f" they were there before, fix them (`PRAGMA foreign_key_check` lists them), retry."
        )


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stash_tables(engine: Engine) -> list[str]:
    """The stash tables in the database: rows that a downgrade kept for the next upgrade."""
    return sorted(t for t in inspect(engine).get_table_names() if t.startswith(STASH_PREFIX))


def new_revision(url: str, message: str) -> None:
    from slugify import slugify

    # Alembic's version table holds at most 32 characters: 8 for the date, 1 for "_", 23 more.
    rev_id = f"{date.today():%Y%m%d}_{slugify(message, separator='_', max_length=23)}"
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)


# Used by the revision scripts (campaign/migrations/versions) on Alembic's connection. Stash
# tables are plain copies: the same column names and types, no keys, indexes or constraints.


def stash_table(connection: Connection, table: str, *, revision: str) -> None:
    """Before a downgrade drops `table`: keep its rows in `_stash_<table>`, if it has any."""
    source = _reflect(connection, table)
    if not _has_rows(connection, source):
        return
    _copy_into_new_stash(connection, source, list(source.columns), STASH_PREFIX + table, revision)


def restore_tables(connection: Connection, tables: Iterable[str]) -> None:
    """After an upgrade created `tables` (parents first): read their stashed rows back.

    A kept row may point at a row of an older table that was deleted while the database was
    downgraded: it then gets what the foreign key's ON DELETE would have done (CASCADE: the
    row stays out; SET NULL: the reference is emptied); any other rule stops the upgrade."""
    existing = set(inspect(connection).get_table_names())
    for name in tables:
        if STASH_PREFIX + name not in existing:
            continue
        target, stash = _reflect(connection, name), _reflect(connection, STASH_PREFIX + name)
        values = {c.name: c for c in stash.columns if c.name in target.columns}
        keep = []
        for constraint, orphaned in _orphans(connection, target, stash, values):
            if constraint.ondelete == "CASCADE":
                keep.append(~orphaned)
            elif constraint.ondelete == "SET NULL":
                for column in constraint.column_keys:
                    values[column] = case((orphaned, null()), else_=stash.c[column])
        query = select(*(value.label(column) for column, value in values.items()))
        connection.execute(insert(target).from_select(list(values), query.where(*keep)))
        stash.drop(connection)
        _reset_sequence(connection, target)


def stash_column(connection: Connection, table: str, column: str, *, revision: str) -> None:
    """Before a downgrade drops `table.column`: keep its values, by primary key, if any rows."""
    source = _reflect(connection, table)
    if not _has_rows(connection, source):
        return
    columns = [*source.primary_key.columns, source.c[column]]
    _copy_into_new_stash(connection, source, columns, f"{STASH_PREFIX}{table}__{column}", revision)


def restore_column(connection: Connection, table: str, column: str) -> None:
    """After an upgrade added `table.column` again: set the stashed values back, by primary
    key. Rows added while the database was downgraded keep the column's default, and so does
    a reference to a row deleted meanwhile when its foreign key says ON DELETE SET NULL."""
    name = f"{STASH_PREFIX}{table}__{column}"
    if name not in inspect(connection).get_table_names():
        return
    target, stash = _reflect(connection, table), _reflect(connection, name)
    match = [target.c[key.name] == stash.c[key.name] for key in target.primary_key.columns]
    keep = [~orphaned for _, orphaned in _orphans(connection, target, stash, {column: None})]
    connection.execute(update(target).values({column: stash.c[column]}).where(*match, *keep))
    stash.drop(connection)


def _orphans(
    connection: Connection, target: Table, stash: Table, columns: Iterable[str]
) -> Iterator[tuple[ForeignKeyConstraint, ColumnElement[bool]]]:
    """For each foreign key of `target` on kept `columns`: the condition "this kept row points
    at a row that is gone". Only CASCADE and SET NULL say what to do then; any other rule
    with such rows stops the migration with a message."""
    for constraint in target.foreign_key_constraints:
        if constraint.referred_table is target or not set(constraint.column_keys) <= set(columns):
            continue
        parent = constraint.referred_table
        present = select(literal(1)).select_from(parent)
        for element in constraint.elements:
            present = present.where(element.column == stash.c[element.parent.name])
        pointing = [stash.c[c].is_not(None) for c in constraint.column_keys]
        orphaned = and_(*pointing, ~present.exists())
        if constraint.ondelete not in ("CASCADE", "SET NULL"):
            count = select(func.count()).select_from(stash).where(orphaned)
            if missing := connection.execute(count).scalar():
                raise MigrationError(
                    f"{missing} kept row(s) of {target.name} ({', '.join(constraint.column_keys)})"
                    f" point at {parent.name} rows deleted while the database was downgraded,"
                    f" and the foreign key does not allow that. Nothing was changed. Put those"
                    f" {parent.name} rows back, or delete the rows from {stash.name}, and retry."
                )
        yield constraint, orphaned


def _reflect(connection: Connection, name: str) -> Table:
    return Table(name, MetaData(), autoload_with=connection)


def _has_rows(connection: Connection, table: Table) -> bool:
    return connection.execute(select(literal(1)).select_from(table).limit(1)).first() is not None


def _copy_into_new_stash(
    connection: Connection, source: Table, columns: list[Column], name: str, revision: str
) -> None:
    if name in inspect(connection).get_table_names():
        raise MigrationError(
            f"Downgrading {revision} would keep rows in table {name}, but that table already"
            f" holds rows kept by an earlier downgrade that no upgrade has read back. Upgrade"
            f" first (`flask db upgrade`), or, to discard those rows, DROP TABLE {name} and retry."
        )
    stash = Table(name, MetaData(), *(Column(c.name, c.type) for c in columns))
    stash.create(connection)
    names = [c.name for c in columns]
    connection.execute(insert(stash).from_select(names, select(*columns)))


def _reset_sequence(connection: Connection, table: Table) -> None:
    """PostgreSQL: rows came back with their ids, so move the id sequence past them."""
    keys = list(table.primary_key.columns)
    if connection.dialect.name != "postgresql" or len(keys) != 1:
        return
    sequence = connection.execute(select(func.pg_get_serial_sequence(table.name, keys[0].name)))
    sequence = sequence.scalar()
    if sequence:
        next_id = select(func.coalesce(func.max(keys[0]), 0) + 1).scalar_subquery()
        connection.execute(select(func.setval(sequence, next_id, False)))
