"""Statistics for the claim-check tests, made with the `make` factories: derived statistics get
their formula, computed value and StatisticInput rows set directly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from campaign import models as m

RISE = Decimal("24.665780627")  # (31,892 − 25,582) ÷ 25,582 × 100, as the recomputation keeps it


def derived(make, *, inputs, formula="percent_change", unit=m.StatisticUnit.PERCENT, **kw):
    """A derived statistic over `inputs` (in order), with the given computed value."""
    statistic = make.statistic(formula=m.StatisticFormula(formula), unit=unit, **kw)
    for position, source_statistic in enumerate(inputs):
        make.link(
            m.StatisticInput(
                statistic_id=statistic.id, position=position, input_id=source_statistic.id
            )
        )
    return statistic


@dataclass
class Figures:
    rise_ok: m.Statistic  # "a 25% increase" on 24.67: consistent
    rise_bad: m.Statistic  # "a 30% rise" published as 30 on 24.67: inconsistent
    total: m.Statistic  # "more than 33,000" on 33,226: consistent
    vague: m.Statistic  # "a significant number": unverifiable, and no source (flagged)
    plain: m.Statistic  # no claim, no formula: not checked


def figures(make, *, suffix: str = "", today: date = date(2026, 11, 24)) -> Figures:
    """A rise computed from two counts, claimed well and badly, and other claims. Dated within
    three years of `today` except where a test says otherwise."""
    source = make.source(title=f"Police returns{suffix}", published_on=today)
    older = make.statistic(
        key=f"offences-2021-22{suffix}",
        label=f"Offences 2021/22{suffix}",
        value=Decimal(25582),
        period_label="2021/22",
        source_id=source.id,
        as_of=today,
    )
    newer = make.statistic(
        key=f"offences-2022-23{suffix}",
        label=f"Offences 2022/23{suffix}",
        value=Decimal(31892),
        period_label="2022/23",
        source_id=source.id,
        as_of=today,
    )
    common = {"computed_value": RISE, "source_id": source.id, "as_of": today}
    rise_ok = derived(
        make,
        inputs=[older, newer],
        key=f"rise-ok{suffix}",
        label=f"Rise in offences (honest){suffix}",
        value=Decimal(25),
        claim="a 25% increase",
        **common,
    )
    rise_bad = derived(
        make,
        inputs=[older, newer],
        key=f"rise-bad{suffix}",
        label=f"Rise in offences (overstated){suffix}",
        value=Decimal(30),
        claim="a 30% rise",
        **common,
    )
    total = make.statistic(
        key=f"offences-total{suffix}",
        label=f"Offences recorded{suffix}",
        value=Decimal(33226),
        claim="more than 33,000",
        source_id=source.id,
        as_of=today,
    )
    vague = make.statistic(
        key=f"vague{suffix}",
        label=f"A vague figure{suffix}",
        value=Decimal(12),
        claim="a significant number",
        as_of=today,
    )
    plain = make.statistic(key=f"plain{suffix}", label=f"No claim{suffix}", value=Decimal(7))
    return Figures(rise_ok, rise_bad, total, vague, plain)


def link(make, ask, *statistics) -> None:
    for rank, statistic in enumerate(statistics):
        make.link(m.AskStatistic(ask_id=ask.id, statistic_id=statistic.id, rank=rank))


def disagreements(session, *, today: date = date(2026, 11, 24)) -> dict[int, tuple]:
    """Non-archived statistics whose stored verdict (the `claim_*` columns) differs from what
    the checker says `today`, "out of date" apart (never stored), with both sides."""
    from campaign.claims import checking
    from campaign.claims.figures import FlagKind
    from campaign.claims.stored import stored_failed, stored_flags, stored_verdicts

    session.expire_all()
    expected = {
        c.statistic_id: (
            c.result.verdict.value,
            c.result.check.reason,
            c.result.check.honest_wording,
            [e.phrase for e in c.result.check.failed],
            [(f.kind, f.message) for f in c.result.flags if f.kind is not FlagKind.STALE],
        )
        for c in checking.checked_statistics(session=session, today=today, max_age_days=1095)
    }
    out = {}
    active = m.Statistic.archived_at.is_(None)
    for ident, v in stored_verdicts(session=session, where=[active]).items():
        flags = [(f.kind, f.message) for f in stored_flags(v.flags)]
        stored = (v.verdict, v.reason, v.honest_wording, stored_failed(v.failed), flags)
        wanted = expected.get(ident, (None, "", "", [], []))
        if stored != wanted:
            out[ident] = (stored, wanted)
    return out
