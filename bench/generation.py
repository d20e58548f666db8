"""(a) How long `flask demo-data` takes to build a portfolio on an empty database."""

from __future__ import annotations

from bench.registry import Reading, measurement


@measurement(
    "demo-data",
    target=20.0,
    description="`flask demo-data --scale N` on an empty, migrated database (bulk inserts)",
)
def demo_data(ctx) -> Reading:
    seconds, rows = ctx.generate_demo_data(ctx.fresh_app())
    return Reading(seconds, detail=f"{rows:,} rows at scale {ctx.scale:g}", extra={"rows": rows})
