"""The database side of the claim checker: which statistics are checked, in what order, for
which ask, and loaded with a fixed number of queries however many there are."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from campaign.claims import FlagKind, Verdict, checking
from tests.claims.helpers import derived, figures, link
from tests.support.querycount import count_queries

TODAY = date(2026, 11, 24)


def results(session, **kw):
    return checking.claim_results(session=session, today=TODAY, max_age_days=1095, **kw)


def test_every_claim_is_checked_inconsistent_first_then_unverifiable_then_by_label(session, make):
    f = figures(make)
    checked = results(session)
    assert [r.key for r in checked] == ["rise-bad", "vague", "offences-total", "rise-ok"]
    assert [r.verdict for r in checked] == [
        Verdict.INCONSISTENT,
        Verdict.UNVERIFIABLE,
        Verdict.CONSISTENT,
        Verdict.CONSISTENT,
    ]
    bad = checked[0]
    # The computed value is checked, not the figure typed in; and the typed-in 30 is wrong too.
    assert bad.check.value == Decimal("24.665780627")
    assert bad.check.reason.startswith("24.7% does not round to 30%")
    assert "the published value 30% does not match 24.7% computed" in bad.check.reason
    assert bad.check.honest_wording == "a 25% rise"
    assert checking.value_display(bad) == "24.67%"
    assert checking.value_display(checked[2]) == "33,226"
    assert f.plain.key not in {r.key for r in checked}  # no claim, no formula: nothing to check


def test_archived_statistics_are_left_out_and_a_formula_without_a_claim_is_checked(session, make):
    f = figures(make)
    f.total.archived_at = datetime(2026, 1, 1, tzinfo=UTC)
    session.add(f.total)
    session.commit()
    unclaimed = derived(
        make, inputs=[], key="unclaimed", label="Derived, no claim", value=Decimal(1)
    )
    checked = {r.key: r for r in results(session)}
    assert "offences-total" not in checked
    assert checked[unclaimed.key].verdict is Verdict.UNVERIFIABLE
    assert {f.kind for f in checked[unclaimed.key].flags} >= {FlagKind.MISSING_INPUT}


def test_flags_come_from_the_loaded_source_and_the_age_allowed(session, make):
    figures(make)
    checked = {r.key: r for r in results(session)}
    assert [f.kind for f in checked["vague"].flags] == [FlagKind.NO_SOURCE]
    assert checked["rise-ok"].flags == ()  # sourced, and dated today
    later = checking.claim_results(session=session, today=date(2030, 1, 1), max_age_days=365)
    assert all(FlagKind.STALE in {f.kind for f in r.flags} for r in later)


def test_the_ask_narrows_the_check_to_its_linked_statistics(session, make):
    f = figures(make)
    ask = make.ask(slug="strengthen-codes")
    link(make, ask, f.rise_ok, f.plain, f.total)
    assert [r.key for r in results(session, ask=ask)] == ["offences-total", "rise-ok"]
    assert results(session, ask=make.ask(slug="nothing-linked")) == []


def test_results_for_statistics_are_keyed_by_id_and_skip_what_is_not_checked(session, make):
    f = figures(make)
    ids = [f.rise_bad.id, f.plain.id, f.total.id, 999_999]
    by_id = checking.results_for_statistics(
        session=session, statistic_ids=ids, today=TODAY, max_age_days=1095
    )
    assert set(by_id) == {f.rise_bad.id, f.total.id}
    assert by_id[f.rise_bad.id].is_inconsistent
    by_key = checking.results_for_keys(
        session=session, keys=["rise-ok", "plain"], today=TODAY, max_age_days=1095
    )
    assert list(by_key) == ["rise-ok"]


def test_nothing_asked_for_costs_no_query(app, session):
    with count_queries(app) as statements:
        assert (
            checking.results_for_statistics(
                session=session, statistic_ids=[], today=TODAY, max_age_days=1095
            )
            == {}
        )
    assert statements == []


def test_loading_takes_a_fixed_number_of_queries_however_many_statistics(app, session, make):
    def count() -> tuple[int, int]:
        session.expunge_all()  # nothing already in the identity map: every relation loads
        with count_queries(app) as statements:
            checked = results(session)
            for result in checked:  # touch everything the facts were built from
                assert result.facts.inputs or not result.facts.formula
        return len(checked), len(statements)

    figures(make, suffix="-a")
    few, few_queries = count()
    for n in range(12):
        figures(make, suffix=f"-{n}")
    many, many_queries = count()
    assert (few, many) == (4, 52)
    assert few_queries == many_queries == 2, (few_queries, many_queries)


def test_the_summary_counts_every_verdict_and_the_flagged(session, make):
    figures(make)
    summary = checking.summarise(results(session))
    assert summary.counts == {
        Verdict.INCONSISTENT: 1,
        Verdict.UNVERIFIABLE: 1,
        Verdict.CONSISTENT: 2,
    }
    assert (summary.flagged, summary.total) == (1, 4)
    assert checking.summarise([]).counts[Verdict.INCONSISTENT] == 0


def test_filters_match_a_verdict_a_flag_kind_or_any_flag(session, make):
    figures(make)
    checked = results(session)

    def keys(**kw):
        return [r.key for r in checked if checking.matches(r, **kw)]

    assert keys(verdict="inconsistent") == ["rise-bad"]
    assert keys(flag="no_source") == keys(flag="any") == ["vague"]
    assert keys(verdict="nonsense") == keys(flag="nonsense") == []
    assert len(keys()) == 4
