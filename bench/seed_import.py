"""(b) How long importing the seed campaign bundle takes on an empty database."""

from __future__ import annotations

from time import perf_counter

from bench.context import invoke_cli
from bench.registry import NotAvailable, Reading, measurement
from campaign.settings import PROJECT_ROOT

SEED_BUNDLE = PROJECT_ROOT / "data" / "seed-campaign.yaml"


@measurement(
    "seed-import",
    target=5.0,
    description="`flask import-bundle data/seed-campaign.yaml` on an empty database",
)
def seed_import(ctx) -> Reading:
    if not SEED_BUNDLE.exists():
        raise NotAvailable("data/seed-campaign.yaml not written yet")
    app = ctx.fresh_app()
    started = perf_counter()
    result = invoke_cli(app, "import-bundle", str(SEED_BUNDLE))
    seconds = perf_counter() - started
    if result.exit_code != 0:
        # The bundle and its importer are being written alongside the harness: a missing
        # command or a rejected file is "not there yet", not a benchmark failure.
        lines = [line for line in result.output.splitlines() if line.strip()]
        reason = lines[-1] if lines else repr(result.exception)
        raise NotAvailable(f"import-bundle exited {result.exit_code}: {reason}"[:200])
    kib = SEED_BUNDLE.stat().st_size / 1024
    return Reading(
        seconds, detail=f"{kib:.0f} KiB bundle", extra={"bytes": SEED_BUNDLE.stat().st_size}
    )
