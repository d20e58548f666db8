"""Demo data has derived statistics: about one in eleven, with claims, a few deliberately wrong,
and computed values exactly what the app itself recomputes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, select

from campaign import models as m
from campaign.demo.generate import generate_demo_data
from campaign.statistics import derived
from campaign.statistics.formulas import compute, result_unit

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_share_of_statistics_is_derived_with_claims(session):
    generate_demo_data(session=session, scale=0.1, today=NOW.date(), now=NOW)
    statistics = session.scalars(select(m.Statistic)).all()
    assert len(statistics) == 500  # converted in place, not added
    derived_rows = [s for s in statistics if s.formula is not None]
    assert len(derived_rows) == 45  # nine in each block of 100
    assert {s.formula for s in derived_rows} == set(m.StatisticFormula)
    assert all(s.claim and s.computed_value is not None for s in derived_rows)
    assert all(s.claim == s.published_wording for s in statistics if s.published_wording)

    by_id = {s.id: s for s in statistics}
    wrong = 0
    for stat in derived_rows:
        inputs = [by_id[link.input_id] for link in stat.inputs]
        assert len(inputs) == 2 and all(i.archived_at is None for i in inputs)
        assert stat.unit == result_unit(stat.formula, [i.unit for i in inputs])
        values = [derived.input_value(i) for i in inputs]
        assert stat.computed_value == compute(stat.formula, values)
        places = Decimal("0.1") if stat.formula is m.StatisticFormula.RATIO else Decimal(1)
        wrong += stat.value != stat.computed_value.quantize(places)
    assert wrong == 3  # one derived claim in twenty (and its figure) is wrong on purpose
    # A derived statistic of a derived statistic (a share of a sum).
    assert any(by_id[link.input_id].formula is not None for s in derived_rows for link in s.inputs)
    # What is written is what the app recomputes: nothing changes.
    assert derived.recompute_all(session=session) == []
    session.rollback()


def test_the_claims_read_like_published_ones(session):
    generate_demo_data(session=session, scale=0.02, today=NOW.date(), now=NOW)
    claims = dict(
        session.execute(
            select(m.Statistic.formula, func.min(m.Statistic.claim))
            .where(m.Statistic.formula.is_not(None))
            .group_by(m.Statistic.formula)
        ).all()
    )
    assert claims[m.StatisticFormula.PERCENT_CHANGE].endswith(("% increase", "% fall"))
    assert claims[m.StatisticFormula.SHARE].endswith("%)")
    assert claims[m.StatisticFormula.RATIO].endswith("times as many")
    assert claims[m.StatisticFormula.SUM].replace(",", "").split()[-1].isdigit()
    session.rollback()
