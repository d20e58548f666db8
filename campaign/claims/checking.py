"""The claim checker's database side: load the statistics whose claims are checked (every
non-archived statistic with a claim or a formula) with their sources and inputs, and check
them with the engine (`figures.check_figure`).

Loading takes two queries however many statistics there are (`loading.load_facts`): the
statistics with their sources' dates, then the inputs of the derived ones with theirs, as
plain rows (the same conditions in a subquery, never a list of ids sent in batches).

Plain functions with a keyword-only `session`; the caller passes `today` and the age after
which a figure is flagged as out of date (the STATISTIC_MAX_AGE_DAYS setting).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from sqlalchemy import or_
from sqlmodel import Session, select

from campaign.claims.facts import FigureFacts
from campaign.claims.figures import ClaimResult, FlagKind, check_figure
from campaign.claims.loading import load_facts
from campaign.claims.verdicts import VERDICT_ORDER, Verdict
from campaign.common.choices import active_choices
from campaign.models import Ask, AskStatistic, Statistic
from campaign.rendering import format_figure
from campaign.settings import Settings

DEFAULT_MAX_AGE_DAYS = Settings.STATISTIC_MAX_AGE_DAYS  # 1095, three years
ANY_FLAG = "any"  # the flag filter's value for "any flag at all"


class Checked(NamedTuple):
    """A statistic's id beside its result (pages link to the statistic by id)."""

    statistic_id: int
    result: ClaimResult


@dataclass(frozen=True)
class Summary:
    counts: dict[Verdict, int]  # every verdict, zero included, in the page's order
    flagged: int  # results with at least one flag
    total: int


def checked_statistics(
    *, session: Session, ask: Ask | None = None, today: date, max_age_days: int
) -> list[Checked]:
    """Every non-archived statistic with a claim or a formula (only those linked to `ask`,
    when given), checked: inconsistent first, then unverifiable, then consistent; by label."""
    where = [Statistic.archived_at.is_(None), _has_claim_or_formula()]
    if ask is not None:
        linked = select(AskStatistic.statistic_id).where(AskStatistic.ask_id == ask.id)
        where.append(Statistic.id.in_(linked))
    return _check(_load(session, where), today=today, max_age_days=max_age_days)


def claim_results(
    *, session: Session, ask: Ask | None = None, today: date, max_age_days: int
) -> list[ClaimResult]:
    """The results of `checked_statistics`, in the same order."""
    checked = checked_statistics(session=session, ask=ask, today=today, max_age_days=max_age_days)
    return [c.result for c in checked]


def results_for_statistics(
    *, session: Session, statistic_ids: Iterable[int], today: date, max_age_days: int
) -> dict[int, ClaimResult]:
    """Results by statistic id for those of `statistic_ids` that are checked (not archived,
    with a claim or a formula): for the ask page and for packs."""
    ids = sorted(set(statistic_ids))
    if not ids:
        return {}
    where = [Statistic.id.in_(ids), Statistic.archived_at.is_(None), _has_claim_or_formula()]
    checked = _check(_load(session, where), today=today, max_age_days=max_age_days)
    return {c.statistic_id: c.result for c in checked}


def results_for_keys(
    *, session: Session, keys: Iterable[str], today: date, max_age_days: int
) -> dict[str, ClaimResult]:
    """Results by statistic key, as `results_for_statistics` (a pack names its figures by key)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    where = [Statistic.key.in_(wanted), Statistic.archived_at.is_(None), _has_claim_or_formula()]
    checked = _check(_load(session, where), today=today, max_age_days=max_age_days)
    return {c.result.key: c.result for c in checked}


def summarise(results: Iterable[ClaimResult]) -> Summary:
    results = list(results)
    counts = Counter(r.verdict for r in results)
    return Summary(
        counts={verdict: counts.get(verdict, 0) for verdict in VERDICT_ORDER},
        flagged=sum(1 for r in results if r.has_flags),
        total=len(results),
    )


def matches(result: ClaimResult, *, verdict: str = "", flag: str = "") -> bool:
    """Whether a result passes the verdict and flag filters ('' lets everything through; a
    value that is no verdict or flag kind lets nothing through, as on the app's lists): the
    rule the SQL filters of campaign/claims/listing.py are tested against."""
    if verdict and result.verdict.value != verdict:
        return False
    if flag == ANY_FLAG:
        return result.has_flags
    return not flag or any(f.kind.value == flag for f in result.flags)


def flag_choices() -> list[tuple[str, str]]:
    return [(ANY_FLAG, "Any flag"), *FlagKind.choices()]


def value_checked(result: ClaimResult) -> Decimal | None:
    """The value the claim was checked against: computed for a derived statistic."""
    return result.facts.checked_value


def value_display(result: ClaimResult) -> str:
    """The checked value for reading: a computed value to two decimal places ("24.67%"), or
    more when two would show a small value as 0; a published value exactly as entered."""
    value = value_checked(result)
    if value is None:
        return ""
    if result.facts.formula and value != value.to_integral_value():
        places = 2
        while places < 6 and value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == 0:
            places += 1
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format_figure(value, result.facts.unit)


def find_ask(session: Session, slug: str) -> Ask | None:
    """The ask with this slug, archived or not."""
    return session.exec(select(Ask).where(Ask.slug == slug)).first() if "\x00" not in slug else None


def ask_choices(session: Session) -> list[tuple[str, str]]:
    """Asks that are not archived, as (slug, title), by title: the filters' choices."""
    return active_choices(session, Ask, Ask.title, value=Ask.slug)


def _has_claim_or_formula():
    return or_(Statistic.claim != "", Statistic.formula.is_not(None))


def _load(session: Session, where: list) -> list[tuple[int, FigureFacts]]:
    return load_facts(session, where)


def _check(
    loaded: list[tuple[int, FigureFacts]], *, today: date, max_age_days: int
) -> list[Checked]:
    checked = [
        Checked(ident, check_figure(facts, today=today, max_age_days=max_age_days))
        for ident, facts in loaded
    ]
    checked.sort(
        key=lambda c: (VERDICT_ORDER[c.result.verdict], c.result.label.casefold(), c.result.key)
    )
    return checked
