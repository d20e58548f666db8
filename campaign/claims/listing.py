"""Reading stored verdicts (campaign/claims/stored.py) for the Claims page, `/api/v1/claims` and
`flask check-claims`: filtering, counting, ordering and paging in SQL, so a page costs the same
few queries however many claims there are.

"Out of date" depends on today, so it is never stored: it is asked in SQL of the stored dates
(as of, else period end, else the source's publication date, before today less
STATISTIC_MAX_AGE_DAYS), as `figures.stale_flag` asks it in Python. The order is the
checker's: inconsistent, unverifiable, consistent; then by label ignoring case (SQL `lower`),
then key. Only the shown rows are loaded as facts, to show their values and words.

Plain functions with a keyword-only `session`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from campaign.claims.checking import ANY_FLAG
from campaign.claims.figures import ClaimResult, FlagKind
from campaign.claims.loading import load_facts
from campaign.claims.stored import STORED, StoredVerdict, result_from_stored, stored_failed
from campaign.claims.verdicts import Verdict
from campaign.models import Ask, AskStatistic, Source, Statistic

_RANK = {Verdict.INCONSISTENT: 0, Verdict.UNVERIFIABLE: 1, Verdict.CONSISTENT: 2}
_SOURCE = aliased(Source, name="claim_source")


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
    dated = func.coalesce(Statistic.as_of, Statistic.period_end, _SOURCE.published_on)
    return and_(dated.is_not(None), dated < f.today - timedelta(days=f.max_age_days))


def _flagged(f: ClaimFilter):
    return or_(Statistic.claim_flags != "", _stale(f))


def _checked(query, f: ClaimFilter):
    """`query` narrowed to the checked statistics (of the ask, if any), source joined."""
    query = query.outerjoin(_SOURCE, _SOURCE.id == Statistic.source_id).where(
        Statistic.archived_at.is_(None), Statistic.claim_verdict.is_not(None)
    )
    if f.ask is not None:
        linked = select(AskStatistic.statistic_id).where(AskStatistic.ask_id == f.ask.id)
        query = query.where(Statistic.id.in_(linked))
    return query


def _filtered(query, f: ClaimFilter):
    query = _checked(query, f)
    if f.verdict:
        query = query.where(Statistic.claim_verdict == f.verdict)
    if f.flag == ANY_FLAG:
        query = query.where(_flagged(f))
    elif f.flag == FlagKind.STALE.value:
        query = query.where(_stale(f))
    elif f.flag in {k.value for k in FlagKind}:
        query = query.where(Statistic.claim_flags.contains(f'["{f.flag}", ', autoescape=True))
    elif f.flag:
        query = query.where(false())
    return query


def summary_counts(*, session: Session, claims: ClaimFilter) -> tuple[dict[Verdict, int], int]:
    """({verdict: count}, how many have a flag) over the checked claims of the ask (if any),
    before the verdict and flag filters: one query."""
    flagged = func.sum(case((_flagged(claims), 1), else_=0))
    query = _checked(select(Statistic.claim_verdict, func.count(), flagged), claims)
    rows = session.execute(query.group_by(Statistic.claim_verdict)).all()
    counts = {verdict: 0 for verdict in _RANK}
    total_flagged = 0
    for verdict, count, with_flags in rows:
        counts[Verdict(verdict)] = count
        total_flagged += int(with_flags or 0)
    return counts, total_flagged


def count(*, session: Session, claims: ClaimFilter) -> int:
    """How many claims pass the filters."""
    return session.execute(_filtered(select(func.count(Statistic.id)), claims)).scalar_one()


def listed(
    *, session: Session, claims: ClaimFilter, offset: int = 0, limit: int | None = None
) -> list[Listed]:
    """The claims that pass the filters, in the checker's order, `limit` from `offset`
    (None: all): the stored verdicts, with today's "out of date" flag."""
    rank = case(
        *((Statistic.claim_verdict == v.value, n) for v, n in _RANK.items()), else_=len(_RANK)
    )
    query = (
        _filtered(select(Statistic.id, *STORED), claims)
        .order_by(rank, func.lower(Statistic.label), Statistic.key)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    if not rows:
        return []
    stored = {ident: StoredVerdict(*columns) for ident, *columns in rows}
    if limit is None:
        where = [Statistic.id.in_(_filtered(select(Statistic.id), claims))]
    else:
        where = [Statistic.id.in_(list(stored))]
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
