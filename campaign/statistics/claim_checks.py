"""The claim checker and charts as a statistic's own pages use them: its verdict on the
detail page, warnings as it is saved (for it and for every figure computed from it), and
the chart it belongs to."""

from __future__ import annotations

from flask import current_app
from sqlmodel import Session, col, select

from campaign import clock
from campaign.charts.grouping import ChartData, group_charts
from campaign.claims import ClaimResult, Verdict
from campaign.claims.checking import results_for_statistics
from campaign.models import Statistic
from campaign.rendering import uk_day
from campaign.statistics import derived


def _check(session: Session, ids: list[int]) -> dict[int, ClaimResult]:
    return results_for_statistics(
        session=session,
        statistic_ids=ids,
        today=uk_day(clock.now()),
        max_age_days=current_app.config["STATISTIC_MAX_AGE_DAYS"],
    )


def result_for(*, session: Session, statistic: Statistic) -> ClaimResult | None:
    """The statistic's check, or None when it has neither a claim nor a formula."""
    return _check(session, [statistic.id]).get(statistic.id)


def warnings_after_save(*, session: Session, statistic: Statistic) -> list[str]:
    """What to tell the person saving: an inconsistent claim (with the honest wording), the
    flags, and any figure computed from this one whose claim no longer holds."""
    session.flush()  # the new value and any recomputed dependents, visible to the check
    dependents = [s.id for s in derived.used_by(session=session, statistic=statistic)]
    results = _check(session, [statistic.id, *dependents])
    messages = []
    own = results.get(statistic.id)
    if own is not None:
        if own.verdict is Verdict.INCONSISTENT:
            messages.append(_inconsistent(own, "The claim"))
        messages.extend(f"Check this figure: {flag.message}" for flag in own.flags)
    for statistic_id in dependents:
        result = results.get(statistic_id)
        if result is not None and result.verdict is Verdict.INCONSISTENT:
            messages.append(_inconsistent(result, f"“{result.label}”, computed from this figure:"))
    return messages


def _inconsistent(result: ClaimResult, subject: str) -> str:
    check = result.check
    message = f"{subject} “{check.claim}” does not hold: {check.reason}"
    if check.honest_wording:
        message += f" Honest wording: “{check.honest_wording}”."
    return message


def chart_of(*, session: Session, statistic: Statistic) -> ChartData | None:
    """The chart this statistic is drawn in: every live statistic sharing its chart title."""
    if not statistic.chart:
        return None
    members = session.exec(
        select(Statistic)
        .where(Statistic.chart == statistic.chart, col(Statistic.archived_at).is_(None))
        .order_by(Statistic.id)
    ).all()
    charts = group_charts(members)
    return charts[0][0] if charts else None
