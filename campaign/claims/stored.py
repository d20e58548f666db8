"""Stored verdicts: the claim checker's result kept with each statistic (the `claim_*`
columns), so that reading it needs no checking.

What is stored is everything in a result that does not depend on today: the verdict, its
reason, the honest wording, the phrases that failed and every flag except "out of date"
(`FlagKind.STALE`), which depends on the day it is read and is never stored: readers work it
out from the stored dates (campaign/claims/listing.py).

`store_verdicts` checks the statistics matching some conditions (or all of them) and writes
only what changed, in executemany batches that leave `version` and `updated_at` alone (a
stored verdict is not an edit); it returns how many rows changed. Plain functions with a
keyword-only `session`; they never commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, or_, select, update
from sqlmodel import Session, col

from campaign.claims.facts import FigureFacts
from campaign.claims.figures import ClaimResult, Flag, FlagKind, check_figure, stale_flag
from campaign.claims.loading import load_facts
from campaign.claims.verdicts import VERDICT_ORDER, ClaimCheck, Verdict
from campaign.models import Statistic

CHUNK = 500  # rows per executemany batch, ids per IN (...)
_TABLE = Statistic.__table__
COLUMNS = Statistic.__computed__
STORED = tuple(_TABLE.c[name] for name in COLUMNS)


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    """The columns as stored, in `COLUMNS`' order: verdict (None: not checked), reason,
    honest wording, the phrases that failed and the flags (both JSON, "" for none), then what
    the Claims page's SQL reads: the verdict's rank in the checker's order, whether any flag
    is stored, and the date the figure is dated by."""

    verdict: str | None
    reason: str = ""
    honest_wording: str = ""
    failed: str = ""
    flags: str = ""
    rank: int | None = None
    flagged: bool = False
    dated: date | None = None

    def as_row(self, ident: int) -> dict:
        return {"ident": ident, **{f"v_{name}": getattr(self, name) for name in _FIELDS}}


_FIELDS = ("verdict", "reason", "honest_wording", "failed", "flags", "rank", "flagged", "dated")
if tuple(f"claim_{name}" for name in _FIELDS) != COLUMNS:  # the model and this agree
    raise RuntimeError("Statistic.__computed__ and StoredVerdict's fields differ")


NOT_CHECKED = StoredVerdict(None)


def _json(items: list) -> str:
    return json.dumps(items, ensure_ascii=False) if items else ""


def stored_form(result: ClaimResult) -> StoredVerdict:
    """What is stored of `result`: all of it but the "out of date" flag."""
    flags = [[f.kind.value, f.message] for f in result.flags if f.kind is not FlagKind.STALE]
    return StoredVerdict(
        verdict=result.verdict.value,
        reason=result.check.reason,
        honest_wording=result.check.honest_wording,
        failed=_json([e.phrase for e in result.check.failed]),
        flags=_json(flags),
        rank=VERDICT_ORDER[result.verdict],
        flagged=bool(flags),
        dated=result.facts.dated,
    )


def stored_flags(text: str) -> tuple[Flag, ...]:
    """The flags of a stored `claim_flags` value."""
    return tuple(Flag(FlagKind(kind), message) for kind, message in json.loads(text or "[]"))


def stored_failed(text: str) -> list[str]:
    """The failed phrases of a stored `claim_failed` value."""
    return list(json.loads(text or "[]"))


def result_from_stored(
    facts: FigureFacts, stored: StoredVerdict, *, today: date, max_age_days: int
) -> ClaimResult:
    """The result as the checker gives it today, from the stored verdict: the stored flags,
    then "out of date" when the figure is (as `check_figure` orders them). `check.failed`
    and `check.expectations` are left empty: readers use `failed_phrases`."""
    check = ClaimCheck(
        verdict=Verdict(stored.verdict),
        value=facts.checked_value,
        expectations=(),
        failed=(),
        reason=stored.reason,
        honest_wording=stored.honest_wording,
        claim=facts.claim,
    )
    stale = stale_flag(facts, today=today, max_age_days=max_age_days)
    flags = (*stored_flags(stored.flags), *((stale,) if stale else ()))
    return ClaimResult(facts, check, flags)


def store_verdicts(*, session: Session, where: list | None = None) -> int:
    """Check every statistic matching `where` (conditions on `Statistic`; None: every
    statistic) and store the results; a statistic with neither claim nor formula stores no
    verdict. Returns how many statistics' stored verdicts changed."""
    where = list(where or [])
    checked_where = [*where, or_(Statistic.claim != "", col(Statistic.formula).is_not(None))]
    fresh = {
        ident: stored_form(check_figure(facts, today=date.min, max_age_days=0))
        for ident, facts in load_facts(session, checked_where)
    }
    changed = [
        fresh.get(ident, NOT_CHECKED).as_row(ident)
        for ident, current in stored_verdicts(session=session, where=where).items()
        if current != fresh.get(ident, NOT_CHECKED)
    ]
    statement = (
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("ident"))
        .values(
            {f"claim_{name}": bindparam(f"v_{name}") for name in _FIELDS}
            # Set to itself, so the column's onupdate (now) does not fire: not an edit.
            | {"updated_at": _TABLE.c.updated_at}
        )
    )
    for start in range(0, len(changed), CHUNK):
        session.connection().execute(statement, changed[start : start + CHUNK])
    if changed:
        # Core wrote around the ORM: loaded statistics' claim columns are out of date.
        for statistic in list(session.identity_map.values()):
            if isinstance(statistic, Statistic):
                session.expire(statistic, list(COLUMNS))
    return len(changed)


def store_verdicts_of(*, session: Session, ids: set[int]) -> int:
    """`store_verdicts` for these statistics, CHUNK ids at a time."""
    ordered = sorted(ids)
    return sum(
        store_verdicts(
            session=session, where=[col(Statistic.id).in_(ordered[start : start + CHUNK])]
        )
        for start in range(0, len(ordered), CHUNK)
    )


def stored_verdicts(*, session: Session, where: list | None = None) -> dict[int, StoredVerdict]:
    """The stored verdicts of the statistics matching `where` (None: all), by id."""
    query = select(Statistic.id, *STORED).where(*(where or []))
    return {ident: StoredVerdict(*columns) for ident, *columns in session.execute(query)}
