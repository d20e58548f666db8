"""Backups (docs/operations.md).

- `backup.create`: `flask backup PATH` of a scale-N database (the demo portfolio plus the
  10,000-row FOI returns import of `bench.returns`), end to end: the consistent snapshot,
  writing every table into the archive, and reading it back to check its checksums.
- `backup.restore`: `flask restore PATH` of that backup into an empty migrated database: the
  checksums, the schema and emptiness checks, writing every row, the row counts, the commit.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from time import perf_counter

from sqlmodel import Session

from bench.context import count_rows, invoke_cli
from bench.registry import Reading, measurement
from bench.returns import returns_csv
from campaign.db import get_engine
from campaign.models import Source, SourceKind
from campaign.returns.importer import apply_import

# backend -> (folder holding the backup, its path, rows in it): made by backup.create and
# restored by backup.restore (which makes its own when run alone, untimed).
_BACKUPS: dict[str, tuple[tempfile.TemporaryDirectory, Path, int]] = {}


def _filled_app(ctx):
    """A fresh database with demo data at the run's scale and 10,000 FOI return rows."""
    app = ctx.fresh_app()
    result = invoke_cli(app, "demo-data", "--scale", str(ctx.scale))
    if result.exit_code != 0:
        raise RuntimeError(f"demo-data failed: {result.output}") from result.exception
    with app.app_context(), Session(get_engine(), expire_on_commit=False) as session:
        source = Source(key="bench-foi", title="Bench FOI returns", kind=SourceKind.FOI_RETURN)
        session.add(source)
        session.commit()
        apply_import(
            session=session,
            source=source,
            filename="bench-10k.csv",
            data=returns_csv(),
            imported_by="bench",
        )
        session.commit()
    return app


def _backup(ctx) -> float:
    app = _filled_app(ctx)
    folder = tempfile.TemporaryDirectory(prefix="campaign-bench-backup-")
    path = Path(folder.name) / "bench.campaign-backup"
    started = perf_counter()
    result = invoke_cli(app, "backup", str(path))
    seconds = perf_counter() - started
    if result.exit_code != 0:
        raise RuntimeError(f"backup failed: {result.output}") from result.exception
    _BACKUPS[ctx.backend] = (folder, path, count_rows(app))
    return seconds


@measurement(
    "backup.create",
    target=10.0,
    description="flask backup of a scale-N database with 10,000 FOI return rows",
)
def backup_create(ctx) -> Reading:
    seconds = _backup(ctx)
    _folder, path, rows = _BACKUPS[ctx.backend]
    size = path.stat().st_size
    return Reading(
        seconds,
        detail=f"{rows:,} rows, {size / 2**20:.1f} MiB",
        extra={"rows": rows, "bytes": size},
    )


@measurement(
    "backup.restore",
    target=20.0,
    description="flask restore of that backup into an empty migrated database",
)
def backup_restore(ctx) -> Reading:
    if ctx.backend not in _BACKUPS:
        _backup(ctx)
    folder, path, rows = _BACKUPS.pop(ctx.backend)
    try:
        app = ctx.fresh_app()
        started = perf_counter()
        result = invoke_cli(app, "restore", str(path))
        seconds = perf_counter() - started
        if result.exit_code != 0:
            raise RuntimeError(f"restore failed: {result.output}") from result.exception
        restored = count_rows(app)
    finally:
        folder.cleanup()
    if restored != rows:
        raise RuntimeError(f"restored {restored} rows, the backup held {rows}")
    return Reading(seconds, detail=f"{restored:,} rows", extra={"rows": restored})
