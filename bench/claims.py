"""(f) Claim checks: `claim_results` for every statistic of the demo portfolio at the run's
scale, as the Claims page, `flask check-claims` and `/api/v1/claims` do: loading the
statistics with their sources and inputs (a fixed number of queries), then checking each claim
against its (computed) value with the engine.

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

from bench.registry import Reading, measurement
from campaign.claims.checking import DEFAULT_MAX_AGE_DAYS, claim_results
from campaign.db import get_engine
from tests.support.querycount import count_queries

REPEATS = 3
TODAY = date(2026, 11, 24)


def _check_all(app):
    with app.app_context(), Session(get_engine()) as session:
        return claim_results(session=session, today=TODAY, max_age_days=DEFAULT_MAX_AGE_DAYS)


@measurement(
    "claims.check-all",
    target=1.0,
    description="Check every claim in the portfolio (load + check), as the Claims page does",
)
def check_all(ctx) -> Reading:
    app = ctx.portfolio()
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
