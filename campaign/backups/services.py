"""Make and restore backups (docs/operations.md).

A backup holds every table of the schema (`SQLModel.metadata`), read from one consistent
snapshot, in the format of `archive.py`. APScheduler's `apscheduler_jobs` is left out: it is
derived from the reminders and rebuilt by the scheduler at start-up. `alembic_version` is not
copied either: it is recorded in the manifest and must match the database restored into.

A restore checks everything before it writes: the checksums, the schema revision, the tables
and columns, and that the database is empty (or `force`). Then it writes every row in one
transaction (parents first; a table's references to itself afterwards), checks the row
counts, resets PostgreSQL's sequences and commits: all or nothing.
"""

from __future__ import annotations

import importlib.metadata
import os
import tomllib
from datetime import datetime
from itertools import islice
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, select, text, update
from sqlalchemy.exc import StatementError
from sqlmodel import SQLModel

import campaign.models  # noqa: F401  (registers every table)
from campaign.backups import snapshot
from campaign.backups.archive import ArchiveReader, ArchiveWriter, BackupError, Manifest
from campaign.migrations import alembic_config
from campaign.settings import PROJECT_ROOT

BATCH = 1000


def tables() -> list[Table]:
    """Every table of the schema, parents before the tables that refer to them."""
    return list(SQLModel.metadata.sorted_tables)


def app_version() -> str:
    try:
        return importlib.metadata.version("campaign")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout
        with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]


def make_backup(engine: Engine, path: Path, *, now: datetime) -> Manifest:
    """Write a backup of the database to `path` (a new file), then read it back and check it.
    The file appears only when complete: it is written beside it and renamed."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: give the backup a new name")
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist")
    partial = path.with_name(path.name + ".partial")
    try:
        with snapshot.consistent_connection(engine) as (connection, method):
            revision = MigrationContext.configure(connection).get_current_revision()
            if revision is None:
                raise BackupError("the database has no schema yet (run `flask db upgrade`)")
            manifest = Manifest(
                app_version=app_version(),
                created_at=now.isoformat(timespec="seconds"),
                database_backend=engine.dialect.name,
                method=method,
                schema_revision=revision,
            )
            writer = ArchiveWriter(partial, manifest)
            try:
                for table in tables():
                    query = select(table).order_by(*table.primary_key.columns)
                    rows = connection.execute(query, execution_options={"yield_per": BATCH})
                    writer.write_table(table.name, [c.name for c in table.columns], rows)
            finally:
                writer.close()
        check = ArchiveReader(partial)
        try:
            check.verify()
        finally:
            check.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def restore_backup(engine: Engine, path: Path, *, force: bool = False) -> Manifest:
    """Restore the backup at `path` into the database, all or nothing."""
    reader = ArchiveReader(Path(path))
    try:
        reader.verify()
        manifest = reader.manifest
        check_revision(engine, manifest.schema_revision)
        by_name = check_tables(manifest)
        with engine.begin() as connection:
            occupied = {t.name: n for t in tables() if (n := count(connection, t))}
            if occupied and not force:
                listed = ", ".join(f"{name}: {n:,}" for name, n in list(occupied.items())[:5])
                raise BackupError(
                    f"this database is not empty ({listed}{' …' if len(occupied) > 5 else ''} "
                    "rows): restore into a new, empty database (`flask db upgrade` on it "
                    "first), or add --force to replace everything in this one"
                )
            for table in reversed(tables()):
                if table.name in occupied:
                    connection.execute(delete(table))
            for entry in manifest.tables:
                table = by_name[entry.name]
                try:
                    insert_rows(connection, table, entry.columns, reader.rows(entry))
                except (StatementError, ValueError, TypeError) as exc:
                    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                    raise BackupError(
                        f"table {entry.name}: a row could not be written ({reason})"
                    ) from exc
            for entry in manifest.tables:
                found = count(connection, by_name[entry.name])
                if found != entry.rows:
                    raise BackupError(
                        f"table {entry.name}: {found} rows written, {entry.rows} in the backup"
                    )
            if engine.dialect.name == "postgresql":
                reset_sequences(connection)
        return manifest
    finally:
        reader.close()


def check_revision(engine: Engine, wanted: str | None) -> None:
    """The database must be at the backup's schema revision; say how to get there if not."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == wanted:
        return
    if current is None:
        raise BackupError(
            f"this database has no schema: run `flask db upgrade {wanted}` first, then restore"
        )
    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    known = {rev.revision for rev in script.walk_revisions()}
    if wanted not in known:
        raise BackupError(
            f"backup is at revision {wanted}, which this version of Campaign does not know "
            f"(this database is at {current}): restore it with the version that made it"
        )
    older = {rev.revision for rev in script.iterate_revisions(current, "base")}
    verb = "downgrade" if wanted in older else "upgrade"
    raise BackupError(
        f"backup is at revision {wanted}, this database at {current}: "
        f"run `flask db {verb} {wanted}` first, then restore (and `flask db upgrade` after)"
    )


def check_tables(manifest: Manifest) -> dict[str, Table]:
    """The backup's tables and columns must be exactly the schema's."""
    schema = {t.name: t for t in tables()}
    in_backup = {t.name for t in manifest.tables}
    if in_backup != set(schema):
        missing = sorted(set(schema) - in_backup)
        extra = sorted(in_backup - set(schema))
        raise BackupError(
            f"the backup's tables differ from this schema (missing: {', '.join(missing) or '-'}; "
            f"unknown: {', '.join(extra) or '-'})"
        )
    for entry in manifest.tables:
        columns = [c.name for c in schema[entry.name].columns]
        if sorted(entry.columns) != sorted(columns):
            raise BackupError(
                f"table {entry.name} has columns {', '.join(entry.columns)} in the backup "
                f"but {', '.join(columns)} in this schema"
            )
    return schema


def count(connection: Connection, table: Table) -> int:
    return connection.scalar(select(func.count()).select_from(table)) or 0


def insert_rows(connection: Connection, table: Table, columns: list[str], rows) -> None:
    """Insert in batches. A column referring to its own table (an organisation's parent) is
    written after all the rows, so a row may refer to one that comes later; columns the
    schema would stamp on an update (`updated_at`) keep their values from the backup."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    keys = [c.name for c in table.primary_key.columns]
    stamped = [c.name for c in table.columns if c.onupdate is not None and c.name not in own]
    deferred: list[tuple[dict, dict]] = []
    rows = iter(rows)
    while batch := [dict(zip(columns, row, strict=True)) for row in islice(rows, BATCH)]:
        for values in batch:
            later = {c: values[c] for c in own if values[c] is not None}
            if later:
                where = {f"k_{k}": values[k] for k in keys}
                deferred.append((where, {**later, **{c: values[c] for c in stamped}}))
                values.update(dict.fromkeys(later))
        connection.execute(table.insert(), batch)
    for column in own:
        pending = [
            {**where, **{f"v_{c}": v for c, v in values.items()}}
            for where, values in deferred
            if column in values
        ]
        if pending:
            statement = (
                update(table)
                .where(*[table.c[k] == bindparam(f"k_{k}") for k in keys])
                .values({c: bindparam(f"v_{c}") for c in [column, *stamped]})
            )
            connection.execute(statement, pending)


def reset_sequences(connection: Connection) -> None:
    """After rows are written with their ids, each id sequence continues after the highest."""
    quote = connection.dialect.identifier_preparer.quote
    for table in tables():
        for column in table.primary_key.columns:
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": quote(table.name), "column": column.name},
            )
            if sequence:
                highest = connection.scalar(select(func.max(column)))
                connection.execute(
                    text("SELECT setval(:sequence, :value, :called)"),
                    {"sequence": sequence, "value": highest or 1, "called": highest is not None},
                )
