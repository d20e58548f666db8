"""Stored verdicts (the `claim_*` columns): `flask check-claims --recompute` rebuilds them and
says how many changed, the migration fills them, and they agree with what the checker says
today, "out of date" apart (never stored)."""

from __future__ import annotations

import json
from datetime import date

from markupsafe import escape
from sqlalchemy import func, select, update

from campaign import migrations
from campaign import models as m
from campaign.api.claims import claim_dict
from campaign.claims import checking
from campaign.claims.cli import table
from campaign.claims.figures import FlagKind
from campaign.claims.stored import stored_flags
from campaign.db import get_engine
from campaign.demo.generate import generate_demo_data
from tests.claims.conftest import NOW
from tests.claims.helpers import disagreements, figures
from tests.support.querycount import count_queries

OLD = date(2019, 1, 31)  # more than three years before NOW


def recompute(runner) -> str:
    result = runner.invoke(args=["check-claims", "--recompute"])
    assert result.exit_code in (0, 1), result.output  # 1: some claim is inconsistent
    return result.output.splitlines()[0]


def test_demo_data_is_stored_checked_and_recompute_repairs_an_old_checkers_verdicts(
    runner, session
):
    generate_demo_data(session=session, scale=0.1, today=NOW.date(), now=NOW)
    session.commit()
    assert disagreements(session) == {}
    assert recompute(runner) == "Stored verdicts recomputed: 0 statistics changed."
    # As an older checker might have left them: every verdict "consistent", no reasons.
    checked = m.Statistic.claim_verdict.is_not(None)
    count = session.scalar(select(func.count()).where(checked))
    assert count > 100
    session.execute(
        update(m.Statistic).where(checked).values(claim_verdict="consistent", claim_reason="")
    )
    session.commit()
    assert disagreements(session)
    assert recompute(runner) == f"Stored verdicts recomputed: {count} statistics changed."
    assert disagreements(session) == {}


def test_a_commit_stores_the_verdicts_of_what_it_changed(runner, make, session):
    found = figures(make)
    assert disagreements(session) == {}
    rise_ok = session.get(m.Statistic, found.rise_ok.id)
    rise_ok.claim = "a 40% rise"
    session.add(rise_ok)
    session.commit()
    assert disagreements(session) == {}
    assert session.get(m.Statistic, found.rise_ok.id).claim_verdict == "inconsistent"
    assert session.get(m.Statistic, found.plain.id).claim_verdict is None  # nothing to check
    assert recompute(runner) == "Stored verdicts recomputed: 0 statistics changed."


def test_out_of_date_is_never_stored(app, runner, make, session):
    found = figures(make, suffix="-old", today=OLD)
    recompute(runner)
    checked = checking.results_for_statistics(
        session=session, statistic_ids=[found.total.id], today=NOW.date(), max_age_days=1095
    )
    assert FlagKind.STALE in {f.kind for f in checked[found.total.id].flags}  # stale today
    stored = session.get(m.Statistic, found.total.id)
    session.refresh(stored)
    assert stored.claim_verdict == "consistent"
    assert FlagKind.STALE.value not in {kind for kind, _ in json.loads(stored.claim_flags or "[]")}


def test_the_migration_fills_the_stored_verdicts_of_existing_statistics(app, make, session):
    found = figures(make)
    with app.app_context():
        engine = get_engine()
        migrations.downgrade(engine, "20261207_text_search")
        migrations.upgrade(engine)
    assert disagreements(session) == {}
    assert session.get(m.Statistic, found.rise_bad.id).claim_verdict == "inconsistent"
    vague = session.get(m.Statistic, found.vague.id)
    assert (vague.claim_verdict, stored_flags(vague.claim_flags)[0].kind) == (
        "unverifiable",
        FlagKind.NO_SOURCE,
    )


FILTERS = [
    {},
    {"verdict": "inconsistent"},
    {"verdict": "unverifiable"},
    {"flag": "any"},
    {"flag": "stale"},
    {"flag": "no_source"},
    {"flag": "mismatched_period"},
    {"verdict": "consistent", "flag": "stale"},
]


def test_the_api_the_page_and_the_cli_read_what_checking_every_claim_today_gives(
    app, client, runner, session
):
    """Stored verdicts filtered and ordered in SQL give the same claims, in the same order,
    with the same words and flags ("out of date" included) as checking each one today."""
    generate_demo_data(session=session, scale=0.1, today=NOW.date(), now=NOW)
    ask = session.scalars(select(m.Ask).where(m.Ask.id.in_(select(m.AskStatistic.ask_id)))).first()
    session.commit()
    today = NOW.date()
    checked = checking.claim_results(session=session, today=today, max_age_days=1095)
    assert {r.verdict.value for r in checked} >= {"consistent", "inconsistent"}
    assert any(f.kind is FlagKind.STALE for r in checked for f in r.flags)
    for args in [*FILTERS, {"ask": ask.slug}, {"ask": ask.slug, "flag": "any"}]:
        results = checked
        if "ask" in args:
            results = checking.claim_results(
                session=session, ask=ask, today=today, max_age_days=1095
            )
        with app.test_request_context():
            wanted = [
                claim_dict(r)
                for r in results
                if checking.matches(r, verdict=args.get("verdict", ""), flag=args.get("flag", ""))
            ]
        if args in ({}, {"verdict": "inconsistent"}, {"flag": "any"}, {"flag": "stale"}):
            assert wanted, args
        body = client.get("/api/v1/claims", query_string=args).get_json()
        assert body["items"] == wanted, args

        page = client.get("/claims/", query_string=args).get_data(as_text=True)
        assert f"{len(wanted)} claim{'s' if len(wanted) != 1 else ''}</p>" in page, args
        for r in [
            r
            for r in results
            if checking.matches(r, verdict=args.get("verdict", ""), flag=args.get("flag", ""))
        ][:25]:
            assert escape(r.check.reason) in page, (args, r.key)

    result = runner.invoke(args=["check-claims"])
    assert result.output.splitlines()[:-1] == table(checked)


def test_the_claims_page_and_api_queries_do_not_grow_with_the_portfolio(app, client, runner):
    paths = ["/claims/", "/claims/?flag=stale", "/claims/?verdict=inconsistent&page=2"]
    paths += ["/api/v1/claims?verdict=inconsistent"]

    def queries() -> list[int]:
        counts = []
        for path in paths:
            with count_queries(app) as statements:
                assert client.get(path).status_code == 200
            counts.append(len(statements))
        return counts

    assert runner.invoke(args=["demo-data", "--scale", "0.02"]).exit_code == 0
    small = queries()
    assert runner.invoke(args=["demo-data", "--scale", "0.1"]).exit_code == 0  # five times more
    assert queries() == small
