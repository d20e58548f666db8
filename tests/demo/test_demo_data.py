"""`flask demo-data`: exact counts for a scale and seed, determinism, valid references, the
variety the benchmarks and demos rely on, and a second run adding a second batch."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from campaign import models as m
from campaign.demo import words
from campaign.demo.generate import BASE_COUNTS, generate_demo_data, planned_counts

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TODAY = NOW.date()

# What `demo-data --scale 0.02` writes with the default seed: the entity counts are
# round(base * 0.02); the link counts follow from the seeded draws.
AT_0_02 = {
    "organisations": 1,
    "sources": 8,
    "statistics": 100,
    "statistic_inputs": 18,  # 9 derived statistics, two inputs each
    "evidence_items": 40,
    "milestones": 6,
    "asks": 1,
    "ask_targets": 1,
    "tags": 1,
    "ask_tags": 1,
    "responses": 20,
    "response_asks": 20,
    "ask_statistics": 64,
    "ask_evidence": 40,
    "ask_milestones": 3,
}


@pytest.fixture
def app(make_app):
    """The app with a fixed clock: demo dates are placed relative to today."""
    return make_app(CLOCK=lambda: NOW)


def table_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in SQLModel.metadata.sorted_tables
    }


def demo_data(runner, *args: str):
    result = runner.invoke(args=["demo-data", *args])
    assert result.exit_code == 0, result.output
    return result


def test_counts_are_exact_for_a_scale_and_seed(runner, session):
    result = demo_data(runner, "--scale", "0.02")
    assert "Demo batch 1 (keys demo-1-…), scale 0.02, seed 1989" in result.output
    assert f"{sum(AT_0_02.values())} rows in" in result.output
    counts = table_counts(session)
    assert {name: counts[name] for name in AT_0_02} == AT_0_02


def test_counts_scale_linearly():
    assert planned_counts(1) == BASE_COUNTS
    assert planned_counts(2) == {name: 2 * n for name, n in BASE_COUNTS.items()}
    assert planned_counts(0.1)["statistics"] == 500
    assert planned_counts(0.0001) == dict.fromkeys(BASE_COUNTS, 1)  # never empty


def test_scale_must_be_positive(runner):
    result = runner.invoke(args=["demo-data", "--scale", "0"])
    assert result.exit_code == 2
    assert "--scale" in result.output


def snapshot(session: Session) -> dict[str, list[str]]:
    """Every row, with ids replaced by the natural keys they point at and the timestamps left
    out, so two runs compare equal even where the database handed out different ids."""
    names = {}
    for model in (
        m.Organisation,
        m.Source,
        m.Statistic,
        m.Evidence,
        m.Milestone,
        m.Ask,
        m.Response,
    ):
        column = getattr(model, model.__natural_key__)
        names[model.__tablename__] = dict(session.execute(select(model.id, column)).all())
    names["tags"] = dict(session.execute(select(m.Tag.id, m.Tag.name)).all())
    rows = {}
    for table in SQLModel.metadata.sorted_tables:
        described = []
        for row in session.execute(select(table)).mappings():
            values = {}
            for column in table.columns:
                value = row[column.name]
                if column.name in ("id", "created_at", "updated_at"):
                    continue
                for fk in column.foreign_keys:
                    value = names[fk.column.table.name].get(value)
                values[column.name] = value
            described.append(repr(sorted(values.items())))
        rows[table.name] = sorted(described)
    return rows


def generate(session: Session, seed: int) -> dict[str, list[str]]:
    generate_demo_data(session=session, scale=0.02, seed=seed, today=TODAY, now=NOW)
    try:
        return snapshot(session)
    finally:
        session.rollback()


def test_same_seed_same_rows_different_seed_different_rows(session):
    first = generate(session, seed=7)
    assert first["statistics"] and first["ask_statistics"]
    assert generate(session, seed=7) == first
    other = generate(session, seed=8)
    assert other["statistics"] != first["statistics"]
    assert len(other["statistics"]) == len(first["statistics"])


def test_every_reference_points_at_a_row(runner, session):
    demo_data(runner, "--scale", "0.1")
    checked = 0
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            for fk in column.foreign_keys:
                dangling = session.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(column.is_not(None), column.not_in(select(fk.column)))
                )
                assert dangling == 0, f"{table.name}.{column.name}"
                checked += 1
    assert checked >= 15
    if session.bind.dialect.name == "sqlite":
        assert session.connection().exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_the_portfolio_has_the_variety_demos_need(runner, session):
    demo_data(runner, "--scale", "0.1")
    evidence = session.scalars(select(m.Evidence)).all()
    restricted = [e for e in evidence if e.sensitivity is m.Sensitivity.RESTRICTED]
    assert len(restricted) == len(evidence) // 20  # 5%, at fixed positions
    composite = [e for e in evidence if e.is_composite]
    assert composite and all(e.kind is m.EvidenceKind.CASE_STUDY for e in composite)

    assert session.scalar(select(func.count()).where(m.Organisation.parent_id.is_not(None)))

    statistics = session.scalars(select(m.Statistic)).all()
    assert all(isinstance(s.value, Decimal) and s.value.is_finite() for s in statistics)
    # Published survey shares (a derived percent change may be negative or over 100).
    percents = [s for s in statistics if s.unit is m.StatisticUnit.PERCENT and not s.formula]
    assert percents and all(Decimal(0) < s.value < 100 for s in percents)
    assert all(s.value.as_tuple().exponent >= -1 for s in percents)  # exact, one decimal
    assert all(s.period_label and s.period_start <= s.period_end < TODAY for s in statistics)
    assert any(s.published_wording for s in statistics) and any(s.caveats for s in statistics)

    milestones = session.scalars(select(m.Milestone)).all()
    assert {x.date_precision for x in milestones} == set(m.DatePrecision)
    for x in milestones:
        if x.date_precision is m.DatePrecision.MONTH:
            assert x.milestone_date.day == 1
        if x.date_precision is m.DatePrecision.YEAR:
            assert (x.milestone_date.month, x.milestone_date.day) == (1, 1)
    assert any(x.is_planned for x in milestones)
    assert all(x.milestone_date > TODAY for x in milestones if x.is_planned)

    sent = session.scalars(
        select(m.Response).where(m.Response.direction == m.ResponseDirection.SENT)
    ).all()
    replies = [r.reply_expected_by for r in sent if r.reply_expected_by]
    assert replies and min(replies) < TODAY  # some replies are overdue
    received = session.scalars(
        select(m.Response).where(m.Response.direction == m.ResponseDirection.RECEIVED)
    ).all()
    assert all(r.reply_expected_by is None for r in received)
    per_response = session.execute(
        select(m.ResponseAsk.response_id, func.count()).group_by(m.ResponseAsk.response_id)
    ).all()
    assert len(per_response) == 100 and {n for _, n in per_response} <= {1, 2, 3}


def test_a_second_run_adds_a_second_batch(runner, session):
    demo_data(runner, "--scale", "0.02")
    first = table_counts(session)
    batch_one = snapshot(session)
    result = demo_data(runner, "--scale", "0.02")
    assert "Demo batch 2 (keys demo-2-…)" in result.output
    second = table_counts(session)
    # The same number of each entity again; links and tags follow the new batch's own draws
    # (its stream is seeded with the batch number), and tags are shared by name.
    entities = ("organisations", "sources", "statistics", "evidence_items", "milestones")
    for table in (*entities, "asks", "responses"):
        assert second[table] == 2 * first[table], table
    for table in ("ask_statistics", "ask_evidence", "ask_milestones", "response_asks"):
        assert second[table] > first[table], table
    tag_names = session.scalars(select(m.Tag.name)).all()
    assert len(tag_names) == len(set(tag_names)) <= len(words.TAGS)
    slugs = session.scalars(select(m.Ask.slug).order_by(m.Ask.slug)).all()
    assert slugs == ["demo-1-ask-0001", "demo-2-ask-0001"]
    # The first batch is untouched: its rows are a subset of what is there now.
    now = snapshot(session)
    for table, rows in batch_one.items():
        assert set(rows) <= set(now[table]), table


def test_it_adds_to_existing_data_without_collisions(runner, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    make.statistic(key="statistic-1")
    session.add_all([m.Tag(name=name) for name in words.TAGS])  # as if the seed had them all
    session.commit()
    demo_data(runner, "--scale", "0.05")
    session.expire_all()
    assert session.get(m.Organisation, ofcom.id).name == "Ofcom"
    keys = session.scalars(select(m.Statistic.key)).all()
    assert "statistic-1" in keys
    assert all(k.startswith("demo-1-") for k in keys if k != "statistic-1")
    # Existing tags are reused by name, none duplicated.
    assert session.scalar(select(func.count()).select_from(m.Tag)) == len(words.TAGS)
    assert session.scalar(select(func.count()).select_from(m.AskTag)) > 0


def test_dates_are_relative_to_today(session):
    generate_demo_data(session=session, scale=0.02, today=date(2030, 6, 1), now=NOW)
    latest = session.scalar(select(func.max(m.Response.response_date)))
    assert date(2027, 6, 1) <= latest <= date(2030, 6, 1)
