"""No N+1: every list and the ask page issue the same number of SQL statements however many
rows they return or embed."""

from datetime import date
from decimal import Decimal

import pytest

from campaign import models as m
from campaign.models.types import utcnow

LIST_URLS = [
    "/api/v1/asks",
    "/api/v1/statistics",
    "/api/v1/sources",
    "/api/v1/evidence",
    "/api/v1/responses",
    "/api/v1/milestones",
    "/api/v1/organisations",
]


def _fill(session, start: int, count: int) -> None:
    """`count` rows of every kind, each with everything its serialiser shows. Parents are
    archived so they are not on the list page already (which would hide a lazy load)."""
    for n in range(start, start + count):
        parent = m.Organisation(
            key=f"parent-{n}", name=f"Parent {n}", kind="company", archived_at=utcnow()
        )
        org = m.Organisation(key=f"org-{n}", name=f"Org {n}", kind="company", parent=parent)
        source = m.Source(key=f"source-{n}", title=f"Source {n}", kind="report")
        ask = m.Ask(slug=f"ask-{n}", title=f"Ask {n}", targets=[org], tags=[m.Tag(name=f"t{n}")])
        stat = m.Statistic(
            key=f"stat-{n}", label=f"Stat {n}", value=Decimal(n), unit="count", source=source
        )
        item = m.Evidence(key=f"ev-{n}", title=f"Evidence {n}", kind="quote", source=source)
        response = m.Response(
            key=f"resp-{n}",
            title=f"Response {n}",
            organisation=org,
            response_date=date(2025, 1, 1),
            channel="letter",
        )
        milestone = m.Milestone(
            key=f"ms-{n}",
            title=f"Milestone {n}",
            milestone_date=date(2026, 1, 1),
            kind="event",
            organisation=org,
            source=source,
        )
        session.add_all([org, source, ask, stat, item, response, milestone])
        session.flush()
        session.add_all(
            [
                m.AskStatistic(ask_id=ask.id, statistic_id=stat.id),
                m.AskEvidence(ask_id=ask.id, evidence_id=item.id),
                m.AskMilestone(ask_id=ask.id, milestone_id=milestone.id),
                m.ResponseAsk(response_id=response.id, ask_id=ask.id, position="supports"),
            ]
        )
    session.commit()


def _count(client, count_queries, url):
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(statements), response.get_json()


@pytest.mark.parametrize("url", LIST_URLS)
def test_a_list_issues_the_same_queries_for_3_rows_as_for_30(client, session, count_queries, url):
    _fill(session, 0, 3)
    client.get(url)  # warm the connection pool
    few, body = _count(client, count_queries, url)
    assert body["total"] >= 3
    _fill(session, 3, 27)
    many, body = _count(client, count_queries, f"{url}?per_page=200")
    assert len(body["items"]) >= 30
    assert many == few
    # count, page, one per relationship the serialiser uses, and the signed-in user
    assert few <= 7


def test_a_filtered_list_stays_fixed_too(client, session, count_queries):
    _fill(session, 0, 3)
    url = "/api/v1/statistics?source=source-1&unit=count&q=stat"
    client.get(url)
    few, _ = _count(client, count_queries, url)
    _fill(session, 3, 27)
    many, _ = _count(client, count_queries, url)
    assert many == few


def _link_to_ask(make, ask_id: int, count: int, start: int = 0) -> None:
    """`count` statistics, evidence items, milestones and responses (each target's) linked.
    Every row gets its own source or organisation, so no lazy load is hidden by a row that
    another relationship already put in the session's identity map."""
    for n in range(start, start + count):
        stat = make.statistic(key=f"st-{n}", source=make.source(key=f"st-source-{n}"))
        item = make.evidence(key=f"e-{n}", source=make.source(key=f"e-source-{n}"))
        milestone = make.milestone(
            key=f"m-{n}",
            organisation=make.organisation(key=f"m-org-{n}"),
            source=make.source(key=f"m-source-{n}"),
        )
        response = make.response(key=f"r-{n}", organisation=make.organisation(key=f"r-org-{n}"))
        make.link(m.AskStatistic(ask_id=ask_id, statistic_id=stat.id, rank=n))
        make.link(m.AskEvidence(ask_id=ask_id, evidence_id=item.id, rank=n))
        make.link(m.AskMilestone(ask_id=ask_id, milestone_id=milestone.id))
        make.link(m.ResponseAsk(response_id=response.id, ask_id=ask_id, position="opposes"))


def test_the_ask_page_issues_the_same_queries_for_2_links_as_for_30(client, make, count_queries):
    ask_id = make.ask(slug="big").id
    _link_to_ask(make, ask_id, 2)
    client.get("/api/v1/asks/big")
    few, body = _count(client, count_queries, "/api/v1/asks/big")
    assert len(body["statistics"]) == 2 and len(body["positions"]) == 2
    _link_to_ask(make, ask_id, 28, start=2)
    many, body = _count(client, count_queries, "/api/v1/asks/big")
    assert len(body["statistics"]) == 30 and len(body["positions"]) == 30
    assert len(body["evidence"]) == len(body["responses"]) == len(body["milestones"]) == 30
    assert many == few
