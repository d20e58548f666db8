"""The derived-statistics service: validation named by the bad key, exact recomputation,
derived of derived in dependency order, and a fixed number of queries however long a chain."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from campaign.common.services import ServiceError
from campaign.models import Statistic, StatisticFormula, StatisticInput, StatisticUnit
from campaign.statistics import derived
from campaign.statistics.services import create_statistic, update_statistic
from tests.support.querycount import count_queries

F = StatisticFormula
U = StatisticUnit
ARCHIVED = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def counts(make):
    """Comparable-forces offences, 2021/22 and 2022/23, and a share's whole."""
    return {
        "old": make.statistic(key="old", value=Decimal("25582")),
        "new": make.statistic(key="new", value=Decimal("31892")),
        "whole": make.statistic(key="whole", value=Decimal("9876")),
    }


def _rise(make, **kw) -> Statistic:
    kw.setdefault("key", "rise")
    return make.statistic(value=Decimal(25), unit=U.PERCENT, **kw)


def _refused(session, statistic, formula, keys) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        derived.set_formula(session=session, statistic=statistic, formula=formula, input_keys=keys)
    session.rollback()
    return refused.value


def test_set_formula_writes_the_inputs_in_order_and_computes(session, make, counts):
    rise = _rise(make)
    derived.set_formula(
        session=session, statistic=rise, formula="percent_change", input_keys=["old", "new"]
    )
    session.commit()
    session.expire_all()
    rise = session.get(Statistic, rise.id)
    assert rise.formula is F.PERCENT_CHANGE
    assert [(link.position, link.input.key) for link in rise.inputs] == [(0, "old"), (1, "new")]
    assert rise.computed_value == Decimal("24.665780627")
    assert rise.value == Decimal(25)  # the published figure is kept


def test_changing_and_clearing_a_formula_rewrites_the_inputs(session, make, counts):
    total = make.statistic(key="total")
    derived.set_formula(
        session=session, statistic=total, formula=F.SUM, input_keys=["old", "new", "whole"]
    )
    assert total.computed_value == Decimal(25582 + 31892 + 9876)
    derived.set_formula(session=session, statistic=total, formula=F.SUM, input_keys=["new", "old"])
    session.commit()
    rows = session.exec(
        StatisticInput.__table__.select().where(StatisticInput.statistic_id == total.id)
    ).all()
    assert sorted((r.position, r.input_id) for r in rows) == [
        (0, counts["new"].id),
        (1, counts["old"].id),
    ]
    derived.set_formula(session=session, statistic=total, formula=None, input_keys=[])
    session.commit()
    assert (total.formula, total.computed_value, total.inputs) == (None, None, [])


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["old", "nope"], "No statistic has the key “nope”."),
        (["old", "old"], "“old” is listed twice."),
        (["rise", "new"], "“rise” is this statistic: it cannot be computed from itself."),
        (["archived", "new"], "“archived” is archived: restore it or choose another statistic."),
        (["vague", "new"], "“vague” has the unit “Other”, which a formula cannot compute with."),
        (["old"], "A percent change needs exactly 2 inputs (from, to); 1 was given."),
        (["old", "new", "whole"], "needs exactly 2 inputs (from, to); 3 were given."),
    ],
)
def test_bad_inputs_are_refused_naming_the_key(session, make, counts, keys, message):
    make.statistic(key="archived", archived_at=ARCHIVED)
    make.statistic(key="vague", unit=U.OTHER)
    rise = _rise(make)
    error = _refused(session, rise, F.PERCENT_CHANGE, keys)
    assert error.field == "inputs"
    assert message in error.message


def test_every_bad_key_is_named_at_once(session, make, counts):
    error = _refused(session, _rise(make), F.PERCENT_CHANGE, ["x", "y"])
    assert error.message == "No statistic has the key “x”. No statistic has the key “y”."


def test_a_formula_needs_inputs_and_inputs_need_a_formula(session, make, counts):
    rise = _rise(make)
    assert _refused(session, rise, F.SHARE, []).field == "inputs"
    error = _refused(session, rise, None, ["old", "new"])
    assert error.field == "formula"


def test_units_must_fit_the_formula(session, make, counts):
    counted = make.statistic(key="counted")  # a count cannot be a percent change
    error = _refused(session, counted, F.PERCENT_CHANGE, ["old", "new"])
    assert error.field == "unit"
    assert "“Percent”" in error.message
    make.statistic(key="pct", unit=U.PERCENT)
    error = _refused(session, make.statistic(key="sum"), F.SUM, ["old", "pct"])
    assert error.field == "inputs"
    assert "“pct” (Percent) and “old” (Count) have different units" in error.message


def test_a_loop_through_other_derived_statistics_is_refused(session, make, counts):
    a = make.statistic(key="a")
    b = make.statistic(key="b")
    c = make.statistic(key="c")
    derived.set_formula(session=session, statistic=b, formula=F.SUM, input_keys=["a", "old"])
    derived.set_formula(session=session, statistic=c, formula=F.SUM, input_keys=["b", "new"])
    session.commit()
    error = _refused(session, a, F.SUM, ["whole", "c"])
    assert error.field == "inputs"
    assert "“c” is computed from this statistic" in error.message and "loop" in error.message
    assert a.formula is None


def test_derived_of_derived_is_computed_from_the_computed_value(session, make, counts):
    both = make.statistic(key="both", value=Decimal(57474))
    share = make.statistic(key="share", value=Decimal(99), unit=U.PERCENT)
    derived.set_formula(session=session, statistic=both, formula=F.SUM, input_keys=["old", "new"])
    derived.set_formula(
        session=session, statistic=share, formula=F.SHARE, input_keys=["both", "whole"]
    )
    # Its published value is not used: the computed sum is.
    both.value = Decimal(1)
    assert derived.computed_value(share) == Decimal("581.9562575942")


def test_failures_leave_no_value_and_never_raise(session, make, counts):
    zero = make.statistic(key="zero", value=Decimal(0))
    share = make.statistic(key="share", unit=U.PERCENT)
    derived.set_formula(
        session=session, statistic=share, formula=F.SHARE, input_keys=["old", "zero"]
    )
    assert share.computed_value is None  # division by zero
    update_statistic(zero, session=session, data={"value": Decimal(2), "unit": "count"})
    assert share.computed_value == Decimal("1279100")


def _chain(session, make, length: int) -> list[Statistic]:
    """base -> s1 = base + one -> s2 = s1 + one -> …"""
    base = make.statistic(key=f"base-{length}", value=Decimal(1))
    make.statistic(key=f"one-{length}", value=Decimal(1))
    chain = [base]
    for n in range(1, length + 1):
        stat = make.statistic(key=f"chain-{length}-{n}")
        derived.set_formula(
            session=session,
            statistic=stat,
            formula=F.SUM,
            input_keys=[chain[-1].key, f"one-{length}"],
        )
        chain.append(stat)
    session.commit()
    return chain


def test_an_edit_recomputes_the_chain_in_order_with_a_fixed_number_of_queries(session, make):
    results = {}
    for length in (2, 12):
        chain = _chain(session, make, length)
        assert chain[-1].computed_value == Decimal(1 + length)
        session.expire_all()
        base = session.get(Statistic, chain[0].id)
        with count_queries(session.get_bind()) as statements:
            update_statistic(base, session=session, data={"value": Decimal(100), "unit": "count"})
        session.commit()
        results[length] = statements
        session.expire_all()
        assert session.get(Statistic, chain[-1].id).computed_value == Decimal(100 + length)
    selects = {n: [s for s in st if "UPDATE" not in s.upper()[:10]] for n, st in results.items()}
    assert len(selects[2]) == len(selects[12]) <= 6
    assert len(results[2]) == len(results[12])  # the updates go in one executemany


def test_recompute_dependents_is_transitive_and_reports_changes(session, make, counts):
    both = make.statistic(key="both")
    share = make.statistic(key="share", unit=U.PERCENT)
    derived.set_formula(session=session, statistic=both, formula=F.SUM, input_keys=["old", "new"])
    derived.set_formula(
        session=session, statistic=share, formula=F.SHARE, input_keys=["both", "whole"]
    )
    session.commit()
    counts["whole"].value = Decimal(57474 * 2)
    changed = derived.recompute_dependents(session=session, changed_ids=[counts["whole"].id])
    assert [s.key for s in changed] == ["share"] and share.computed_value == Decimal(50)
    counts["old"].value = Decimal(0)
    changed = derived.recompute_dependents(session=session, changed_ids=[counts["old"].id])
    assert [s.key for s in changed] == ["both", "share"]  # inputs first
    assert derived.recompute_dependents(session=session, changed_ids=[counts["old"].id]) == []


def test_used_by_lists_direct_users(session, make, counts):
    rise = _rise(make)
    derived.set_formula(
        session=session, statistic=rise, formula=F.PERCENT_CHANGE, input_keys=["old", "new"]
    )
    assert [s.key for s in derived.used_by(session=session, statistic=counts["new"])] == ["rise"]
    assert derived.used_by(session=session, statistic=rise) == []


def test_create_statistic_takes_the_formula_from_the_form_data(session, make, counts):
    stat = create_statistic(
        session=session,
        data={
            "label": "Rise",
            "value": Decimal(25),
            "unit": "percent",
            "formula": "percent_change",
            "inputs": ["old", "new"],
            "claim": "a 25% increase",
        },
    )
    assert (stat.claim, stat.computed_value) == ("a 25% increase", Decimal("24.665780627"))


def test_parse_keys():
    assert derived.parse_keys(" a, b\nc ;d  ") == ["a", "b", "c", "d"]
    assert derived.parse_keys(["a", " ", "b "]) == ["a", "b"]
    assert derived.parse_keys(None) == []
