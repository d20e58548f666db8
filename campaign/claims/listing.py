"""Reading stored verdicts (campaign/claims/stored.py) for the Claims page, `/api/v1/claims` and
`flask check-claims`: filtering, counting, ordering and paging in SQL, so a page costs the same
few queries however many claims there are.

"Out of date" depends on today, so it is never stored: it is asked in SQL of the stored date
(`claim_dated`: as of, else period end, else the source's publication date) before today less
STATISTIC_MAX_AGE_DAYS, as `figures.stale_flag` asks it in Python. The order is the
checker's: inconsistent, unverifiable, consistent; then by label ignoring case (SQL `lower`),
then key. Only the shown rows are loaded as facts, to show their values and words.

Plain functions with a keyword-only `session`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import case, false, func, or_, select
from sqlmodel import Session, col

from campaign.claims.checking import ANY_FLAG
from campaign.claims.figures import ClaimResult, FlagKind
from campaign.claims.loading import load_facts
from campaign.claims.stored import (
    STORED,
    StoredVerdict,
    result_from_stored,
    stored_failed,
)
from campaign.claims.verdicts import VERDICT_ORDER, Verdict
from campaign.models import Ask, AskStatistic, Statistic
from campaign.models.ordering import casefold


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims: those of `ask` (None: all), with this verdict and flag ('' for any; a
    value that is no verdict or flag kind matches nothing), as of `today`."""

    today: date
    max_age_days: int
    ask: Ask | None = None
    verdict: str = ""
    flag: str = ""


class Listed(NamedTuple):
    """A statistic's id beside its result and the phrases of its claim that failed (stored
    as words: `result.check.failed` is left empty)."""

    statistic_id: int
    result: ClaimResult
    failed: tuple[str, ...] = ()


def _stale(f: ClaimFilter):
    return col(Statistic.claim_dated) < f.today - timedelta(days=f.max_age_days)


def _flagged(f: ClaimFilter):
    return or_(col(Statistic.claim_flagged), _stale(f))


def _checked(query, f: ClaimFilter):
    """`query` narrowed to the checked statistics (of the ask, if any)."""
    query = query.where(
        col(Statistic.claim_rank).is_not(None), col(Statistic.archived_at).is_(None)
    )
    if f.ask is not None:
        linked = select(col(AskStatistic.statistic_id)).where(col(AskStatistic.ask_id) == f.ask.id)
        query = query.where(col(Statistic.id).in_(linked))
    return query


def _filtered(query, f: ClaimFilter):
    query = _checked(query, f)
    if f.verdict:
        ranks = {verdict.value: rank for verdict, rank in VERDICT_ORDER.items()}
        query = query.where(Statistic.claim_rank == ranks.get(f.verdict, -1))
    if f.flag == ANY_FLAG:
        query = query.where(_flagged(f))
    elif f.flag == FlagKind.STALE.value:
        query = query.where(_stale(f))
    elif f.flag in {k.value for k in FlagKind}:
        query = query.where(col(Statistic.claim_flags).contains(f'["{f.flag}", ', autoescape=True))
    elif f.flag:
        query = query.where(false())
    return query


def summary_counts(*, session: Session, claims: ClaimFilter) -> tuple[dict[Verdict, int], int]:
    """({verdict: count}, how many have a flag) over the checked claims of the ask (if any),
    before the verdict and flag filters: one query (from ix_statistics_claim_counts alone)."""
    flagged = func.sum(case((_flagged(claims), 1), else_=0))
    query = _checked(select(col(Statistic.claim_rank), func.count(), flagged), claims)
    rows = session.execute(query.group_by(Statistic.claim_rank)).all()
    verdicts = {rank: verdict for verdict, rank in VERDICT_ORDER.items()}
    counts = {verdict: 0 for verdict in VERDICT_ORDER}
    total_flagged = 0
    for rank, count, with_flags in rows:
        counts[verdicts[rank]] = count
        total_flagged += int(with_flags or 0)
    return counts, total_flagged


def count(*, session: Session, claims: ClaimFilter) -> int:
    """How many claims pass the filters."""
    return session.execute(_filtered(select(func.count(col(Statistic.id))), claims)).scalar_one()


def listed(
    *, session: Session, claims: ClaimFilter, offset: int = 0, limit: int | None = None
) -> list[Listed]:
    """The claims that pass the filters, in the checker's order, `limit` from `offset`
    (None: all): the stored verdicts, with today's "out of date" flag."""
    query = (
        _filtered(select(col(Statistic.id), *STORED), claims)
        # The order of ix_statistics_claim_order: the first page is read, not sorted.
        .order_by(Statistic.claim_rank, casefold(Statistic.label), Statistic.key)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    if not rows:
        return []
    stored = {ident: StoredVerdict(*columns) for ident, *columns in rows}
    if limit is None:
        where = [col(Statistic.id).in_(_filtered(select(col(Statistic.id)), claims))]
    else:
        where = [col(Statistic.id).in_(list(stored))]
    facts = dict(load_facts(session, where))
    today, age = claims.today, claims.max_age_days
    return [
        Listed(
            ident,
            result_from_stored(facts[ident], v, today=today, max_age_days=age),
            tuple(stored_failed(v.failed)),
        )
        for ident, v in stored.items()
    ]
