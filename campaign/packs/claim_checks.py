"""A pack is not made while a figure it shows carries an inconsistent claim (docs/claims.md),
unless whoever makes it gives a reason to override the check. The reason and the keys of the
claims overridden are kept with the pack (`Pack.claims_override`, `settings["extra"]`).

The figures a pack shows are those of its statistics section and its charts; a pack with
neither section shows none, so nothing blocks it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from campaign.claims import ClaimResult
from campaign.claims.checking import DEFAULT_MAX_AGE_DAYS, results_for_keys
from campaign.models import Pack
from campaign.packs.options import PackOptions
from campaign.packs.parts import PackContent, PackError

OVERRIDE = "claims_override"  # the reason, in PackOptions.extra (and the builder's field)
OVERRIDDEN = "claims_overridden"  # the keys of the statistics whose claims were overridden
FIELD_LABEL = "Override the claim check: reason"


class ClaimsBlocked(PackError):
    """The pack would show figures whose claims are inconsistent, and no reason was given."""

    def __init__(self, results: list[ClaimResult]):
        self.results = results
        super().__init__(OVERRIDE, blocked_message(results))


def blocked_message(results: list[ClaimResult]) -> str:
    n = len(results)
    named = "; ".join(
        f"“{r.label}” (“{r.facts.claim}”: {r.check.reason.rstrip('.')})" for r in results
    )
    figures = "a figure whose claim is" if n == 1 else f"{n} figures whose claims are"
    return (
        f"This pack would show {figures} inconsistent: {named}. Correct the "
        f"claim{'s' if n != 1 else ''}, or give a reason under “{FIELD_LABEL}” to make the "
        "pack anyway."
    )


def shown_statistic_keys(content: PackContent) -> list[str]:
    """The keys of the statistics the pack shows (figures, then chart points), in order."""
    keys: list[str] = []
    for ask in content.asks:
        keys.extend(figure.key for figure in ask.figures)
        keys.extend(point.statistic_key for chart in ask.charts for point in chart.points)
    return list(dict.fromkeys(keys))


def inconsistent_claims(
    *,
    session: Session,
    content: PackContent,
    today: date,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[ClaimResult]:
    """The inconsistent claims among the pack's figures, in the order the pack shows them."""
    keys = shown_statistic_keys(content)
    results = results_for_keys(session=session, keys=keys, today=today, max_age_days=max_age_days)
    return [results[key] for key in keys if key in results and results[key].is_inconsistent]


def checked_options(
    *,
    session: Session,
    options: PackOptions,
    content: PackContent,
    today: date,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> PackOptions:
    """The options to keep: with the override's reason and the overridden keys when the pack
    shows inconsistent claims and a reason was given (without them when it shows none).
    Raises ClaimsBlocked when it shows some and no reason (after stripping) was given."""
    blocking = inconsistent_claims(
        session=session, content=content, today=today, max_age_days=max_age_days
    )
    reason = str(options.extra.get(OVERRIDE) or "").strip()
    extra = {k: v for k, v in options.extra.items() if k not in (OVERRIDE, OVERRIDDEN)}
    if not blocking:
        return replace(options, extra=extra)
    if not reason:
        raise ClaimsBlocked(blocking)
    overridden = [r.key for r in blocking]
    return replace(options, extra={**extra, OVERRIDE: reason, OVERRIDDEN: overridden})


def overridden_keys(pack: Pack) -> list[str]:
    """The keys of the statistics whose inconsistent claims the pack was made despite."""
    return list((pack.settings.get("extra") or {}).get(OVERRIDDEN) or [])


def override_note(pack: Pack) -> str:
    """The note "Made despite 2 inconsistent claims: <reason>"; "" if none was overridden."""
    if not pack.claims_override:
        return ""
    n = len(overridden_keys(pack))
    return f"Made despite {n} inconsistent claim{'s' if n != 1 else ''}: {pack.claims_override}"
