"""A large bundle: `flask import-bundle` of 60,000 sources on an empty database.

Importing was quadratic in the rows of a bundle (revision recording rebuilt the session's set
of new rows once per row): 2,000 rows took 5.5 s, 6,000 rows 31 s, and a bundle of 60,000
sources did not finish in ten minutes. Each source is a new row and gets its revision, so
this also measures writing 60,000 revisions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from time import perf_counter

from sqlalchemy import func, select
from sqlmodel import Session

from bench.context import invoke_cli
from bench.registry import Reading, measurement
from campaign.db import get_engine
from campaign.models import Revision, Source

SOURCES = 60_000
KINDS = ("report", "dataset", "statement", "news", "foi_return")


def sources_bundle(count: int = SOURCES) -> str:
    """A bundle of `count` sources, one flow mapping per line (3.6 MB for 60,000)."""
    lines = ["format: campaign-bundle", "version: 1", "sources:"]
    lines += [
        f"  - {{key: source-{n:05d}, title: Source {n}, kind: {KINDS[n % len(KINDS)]}}}"
        for n in range(count)
    ]
    return "\n".join(lines) + "\n"


@measurement(
    "bundle-import",
    target=30.0,
    description="`flask import-bundle` of a bundle of 60,000 sources on an empty database",
)
def bundle_import(ctx) -> Reading:
    app = ctx.fresh_app()
    text = sources_bundle()
    with tempfile.TemporaryDirectory(prefix="campaign-bench-bundle-") as folder:
        path = Path(folder) / "sources-60k.yaml"
        path.write_text(text, encoding="utf-8")
        started = perf_counter()
        result = invoke_cli(app, "import-bundle", str(path))
        seconds = perf_counter() - started
    if result.exit_code != 0:
        raise RuntimeError(f"import-bundle exited {result.exit_code}: {result.output[-500:]}")
    with app.app_context(), Session(get_engine()) as session:
        sources = session.scalar(select(func.count()).select_from(Source))
        revisions = session.scalar(select(func.count()).select_from(Revision))
    if sources != SOURCES or revisions != SOURCES:
        raise RuntimeError(f"expected {SOURCES} sources and revisions: {sources}, {revisions}")
    size = len(text.encode())
    return Reading(
        seconds,
        detail=f"{size / 1e6:.1f} MB bundle, {sources:,} sources and revisions",
        extra={"bytes": size, "sources": sources, "revisions": revisions},
    )
