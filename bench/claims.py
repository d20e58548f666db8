"""(f) Claim checks: `claim_results` for every statistic of the demo portfolio at the run's
scale, as the Claims page, `flask check-claims` and `/api/v1/claims` do: loading the
statistics with their sources and inputs (a fixed number of queries), then checking each claim
against its (computed) value with the engine.

`claims.check-all-scale-10` does the same on demo data at scale 10 (50,000 statistics) in a
database of its own, whatever the run's scale: the issue's bound, under 5 s.

`claims.recompute` is `flask check-claims --recompute`'s work on the portfolio: every stored
verdict checked again and compared (none changes, so nothing is written): what an upgrade of
the checker costs. Pages read the stored verdicts (`page.claims` in bench/pages.py).

The median of REPEATS runs after one warm-up run, each in a fresh session (nothing cached in
the identity map); the claim parser's cache is warm after the first run, as in a long-lived
web process.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import median
from time import perf_counter

from sqlmodel import Session

from bench.context import invoke_cli
from bench.registry import Reading, measurement
from campaign.claims.checking import DEFAULT_MAX_AGE_DAYS, claim_results
from campaign.claims.stored import store_verdicts
from campaign.db import get_engine
from tests.support.querycount import count_queries

REPEATS = 3
TODAY = date(2026, 11, 24)
LARGE_SCALE = 10
_large_apps: dict[int, object] = {}


def _check_all(app):
    with app.app_context(), Session(get_engine()) as session:
        return claim_results(session=session, today=TODAY, max_age_days=DEFAULT_MAX_AGE_DAYS)


@measurement(
    "claims.check-all",
    target=1.0,
    description="Check every claim in the portfolio (load + check), as the Claims page does",
)
def check_all(ctx) -> Reading:
    return _measure(ctx.portfolio())


@measurement(
    "claims.check-all-scale-10",
    target=5.0,
    description="Check every claim of demo data at scale 10 (50,000 statistics), load + check",
)
def check_all_scale_10(ctx) -> Reading:
    if id(ctx) not in _large_apps:
        app = ctx.fresh_app()
        result = invoke_cli(app, "demo-data", "--scale", str(LARGE_SCALE))
        if result.exit_code != 0:
            raise RuntimeError(f"demo-data failed: {result.output}") from result.exception
        _large_apps[id(ctx)] = app
    return _measure(_large_apps[id(ctx)])


def _measure(app) -> Reading:
    started = perf_counter()
    results = _check_all(app)
    first = perf_counter() - started
    timings = []
    for _ in range(REPEATS):
        started = perf_counter()
        results = _check_all(app)
        timings.append(perf_counter() - started)
    with count_queries(app) as statements:
        _check_all(app)
    verdicts = Counter(r.verdict.value for r in results)
    derived = sum(1 for r in results if r.facts.formula)
    detail = (
        f"{len(results):,} claims checked ({derived:,} derived; "
        f"{verdicts.get('inconsistent', 0):,} inconsistent), {len(statements)} queries"
    )
    return Reading(
        median(timings),
        detail=detail,
        extra={
            "checked": len(results),
            "derived": derived,
            "verdicts": dict(verdicts),
            "queries": len(statements),
            "first_run": first,
            "timings": timings,
        },
    )


@measurement(
    "claims.recompute",
    target=10.0,
    description="Rebuild every stored verdict (check-claims --recompute's work), nothing changed",
)
def recompute(ctx) -> Reading:
    app = ctx.portfolio()

    def run() -> int:
        with app.app_context(), Session(get_engine()) as session:
            return store_verdicts(session=session)

    run()  # warm-up
    timings = []
    for _ in range(REPEATS):
        started = perf_counter()
        changed = run()
        timings.append(perf_counter() - started)
    return Reading(
        median(timings), detail=f"{changed} changed", extra={"changed": changed, "timings": timings}
    )
