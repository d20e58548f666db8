"""Demo data has chart series: per ask, 3–6 yearly counts that share a chart title."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from campaign import models as m
from campaign.charts import render_svg
from campaign.demo.campaign_rows import ask_link_rows
from campaign.demo.chart_series import make_series
from campaign.demo.generate import generate_demo_data
from campaign.demo.text import financial_year
from campaign.packs.parts import ChartPoint, PackChart
from campaign.rendering import format_figure

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def _charted(session: Session) -> dict[str, list[m.Statistic]]:
    rows = session.scalars(
        select(m.Statistic).where(m.Statistic.chart != "").order_by(m.Statistic.period_start)
    ).all()
    groups: dict[str, list[m.Statistic]] = {}
    for row in rows:
        groups.setdefault(row.chart, []).append(row)
    return groups


def test_every_ask_links_its_own_series_of_yearly_counts(session):
    generate_demo_data(session=session, scale=0.1, today=TODAY, now=NOW)
    groups = _charted(session)
    asks = session.scalars(select(m.Ask).order_by(m.Ask.slug)).all()
    assert len(groups) == len(asks) == 5  # 500 statistics, one series per 100
    for title, members in groups.items():
        assert 3 <= len(members) <= 6, title
        assert {s.unit for s in members} == {m.StatisticUnit.COUNT}
        assert all(s.chart_label == "" for s in members)  # labelled by period
        # Consecutive financial years, ended before today.
        first = members[0].period_start.year
        assert [s.period_label for s in members] == [
            financial_year(first + n)[0] for n in range(len(members))
        ]
        assert members[-1].period_end < TODAY
    series_of = {s.id: title for title, members in groups.items() for s in members}
    for ask in asks:
        links = session.scalars(
            select(m.AskStatistic)
            .where(m.AskStatistic.ask_id == ask.id)
            .order_by(m.AskStatistic.rank)
        ).all()
        own = groups[series_of[links[1].statistic_id]]  # right after the headline figure
        assert [link.statistic_id for link in links[1 : 1 + len(own)]] == [s.id for s in own]
    session.rollback()


def test_a_demo_series_renders_as_a_chart(session):
    generate_demo_data(session=session, scale=0.02, today=TODAY, now=NOW)
    [(title, members)] = _charted(session).items()
    chart = PackChart(
        title,
        members[0].unit,
        tuple(
            ChartPoint(s.period_label, s.value, format_figure(s.value, s.unit), s.key)
            for s in members
        ),
        (),
    )
    svg = render_svg(chart)
    for point in chart.points:
        assert f">{point.display}</text>" in svg and f">{point.label}</text>" in svg
    session.rollback()


def test_series_come_from_their_own_stream_and_leave_other_rows_alone():
    rows = [{"key": f"s-{n}", "label": f"Figure {n}", "unit": "percent"} for n in range(250)]
    series = make_series(random.Random(1), rows, today=date(2026, 11, 24))
    assert [indexes[0] for indexes in series] == [0, 100, 200]
    charted = {i for indexes in series for i in indexes}
    for n, row in enumerate(rows):
        if n in charted:
            assert row["chart"] and row["unit"] is m.StatisticUnit.COUNT
        else:
            assert (row["chart"], row["chart_label"], row["label"]) == ("", "", f"Figure {n}")
    again = [{"key": f"s-{n}", "label": f"Figure {n}", "unit": "percent"} for n in range(250)]
    assert make_series(random.Random(1), again, today=date(2026, 11, 24)) == series
    assert again == rows


def test_series_replace_sampled_links_without_changing_their_number():
    pools = {"statistics": list(range(1000, 1300)), "evidence": [1], "milestones": [2]}
    plain = ask_link_rows(random.Random(5), ask_ids=[1, 2], pools=pools)
    mixed = ask_link_rows(random.Random(5), ask_ids=[1, 2], pools=pools, series=[[7, 8, 9]])
    assert len(mixed["statistics"]) == len(plain["statistics"])
    first_ask = [r["statistic_id"] for r in mixed["statistics"] if r["ask_id"] == 1]
    assert first_ask[1:4] == [7, 8, 9] and len(set(first_ask)) == len(first_ask)
    assert first_ask[0] == plain["statistics"][0]["statistic_id"]  # the headline is kept
    second = [r for r in mixed["statistics"] if r["ask_id"] == 2]
    assert second == [r for r in plain["statistics"] if r["ask_id"] == 2]
