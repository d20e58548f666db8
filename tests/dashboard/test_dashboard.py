"""The dashboard at '/', with the clock pinned to Saturday 1 March 2025."""

from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.dashboard import services
from campaign.models import AskMilestone, AskTarget, Position, ResponseAsk
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

TODAY = date(2025, 3, 1)
CLOCK = {"CLOCK": lambda: datetime(2025, 3, 1, 12, tzinfo=UTC)}


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


def section(text, heading, next_heading=None):
    start = text.index(heading)
    end = text.index(next_heading, start) if next_heading else len(text)
    return text[start:end]


def test_asks_grouped_by_status_with_targets_latest_positions(client, make):
    ofcom = make.organisation(name="Ofcom")
    meta = make.organisation(name="Meta", kind="company")
    scanning = make.ask(title="Scan for known CSAM", status="active")
    make.ask(title="Publish risk assessments", status="met")
    make.ask(title="Draft idea", status="draft")
    for org in (ofcom, meta):
        make.link(AskTarget(ask_id=scanning.id, organisation_id=org.id))
    first = make.response(organisation=ofcom, response_date=date(2024, 5, 1))
    later = make.response(organisation=ofcom, response_date=date(2025, 1, 15))
    make.link(ResponseAsk(response_id=first.id, ask_id=scanning.id, position=Position.OPPOSES))
    make.link(ResponseAsk(response_id=later.id, ask_id=scanning.id, position=Position.SUPPORTS))

    text = page_text(client.get("/"))
    asks = section(text, "Asks and where targets stand", "Coming up in the next")
    assert asks.index("Active (1)") < asks.index("Draft (1)") < asks.index("Met (1)")
    assert "Partly met" not in asks and "Dropped" not in asks  # empty groups are skipped
    assert "Ofcom: Supports (15 January 2025)" in asks
    assert "Meta: no position logged" in asks
    html = section(client.get("/").get_data(as_text=True), 'id="asks-heading"', 'id="upcoming')
    assert 'class="badge badge-supports"' in html and "badge-opposes" not in html


def test_upcoming_window_is_today_to_day_60(client, make):
    ask = make.ask(title="Scan for known CSAM")
    for title, when, precision in (
        ("Yesterday", TODAY - timedelta(days=1), "day"),
        ("Today", TODAY, "day"),
        ("Day 60", TODAY + timedelta(days=60), "day"),
        ("Day 61", TODAY + timedelta(days=61), "day"),
        ("March", date(2025, 3, 1), "month"),
        ("April", date(2025, 4, 1), "month"),
        ("May", date(2025, 5, 1), "month"),
        ("February", date(2025, 2, 1), "month"),
    ):
        milestone = make.milestone(title=title, milestone_date=when, date_precision=precision)
        if title == "Day 60":
            make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
    assert TODAY + timedelta(days=60) == date(2025, 4, 30)

    upcoming = section(page_text(client.get("/")), "Coming up in the next 60 days", "Latest")
    for title in ("Today", "Day 60", "March", "April"):
        assert title in upcoming
    for title in ("Yesterday", "Day 61", "May", "February"):
        assert title not in upcoming
    assert "30 April 2025 Day 60 60 days Scan for known CSAM" in upcoming
    assert "1 March 2025 Today today" in upcoming
    assert "March 2025 March this month" in upcoming
    # No day is known for a month milestone: the period is named, not a count to its first day.
    assert "April 2025 April from April 2025" in upcoming


def test_latest_ten_responses_received(client, make):
    org = make.organisation(name="Meta", kind="company")
    for day in range(1, 13):
        make.response(organisation=org, title=f"Reply {day:02d}", response_date=date(2025, 1, day))
    make.response(organisation=org, title="Our letter", direction="sent")
    received = section(page_text(client.get("/")), "Latest responses received", "Replies overdue")
    shown = [f"Reply {day:02d}" for day in range(1, 13) if f"Reply {day:02d}" in received]
    assert shown == [f"Reply {day:02d}" for day in range(3, 13)]
    assert received.index("Reply 12") < received.index("Reply 03")
    assert "Our letter" not in received


def test_overdue_replies(client, make):
    ofcom = make.organisation(name="Ofcom")
    meta = make.organisation(name="Meta", kind="company")

    def sent(title, org, expected, on=date(2025, 1, 10)):
        return make.response(
            organisation=org,
            title=title,
            direction="sent",
            channel="letter",
            response_date=on,
            reply_expected_by=expected,
        )

    sent("Letter to Meta", meta, date(2025, 2, 28))
    sent("Letter to Ofcom", ofcom, date(2025, 2, 1))
    sent("Due today", meta, TODAY)
    sent("No deadline", meta, None)
    make.response(organisation=ofcom, title="Ofcom answer", response_date=date(2025, 2, 5))
    make.response(organisation=ofcom, title="Ofcom archived", archived_at=datetime.now(UTC))
    make.response(organisation=meta, title="Meta before", response_date=date(2025, 1, 9))

    overdue = section(page_text(client.get("/")), "Replies overdue (1)")
    overdue = section(overdue, "Replies overdue")
    assert "Letter to Meta Meta 28 February 2025 1 day" in overdue
    for title in ("Letter to Ofcom", "Due today", "No deadline"):
        assert title not in overdue


def test_services_take_today_as_a_parameter(session, make):
    make.milestone(title="Soon", milestone_date=date(2025, 3, 10))
    make.response(
        direction="sent", reply_expected_by=date(2025, 3, 5), response_date=date(2025, 3, 1)
    )
    assert [r.milestone.title for r in services.upcoming_milestones(session, today=TODAY)] == [
        "Soon"
    ]
    assert services.upcoming_milestones(session, today=date(2025, 3, 11)) == []
    assert services.overdue_replies(session, today=TODAY) == []
    (late,) = services.overdue_replies(session, today=date(2025, 3, 8))
    assert late.days_overdue == 3


def test_empty_dashboard(client):
    text = page_text(client.get("/"))
    for message in (
        "No asks yet.",
        "No milestones in the next 60 days.",
        "No responses received yet.",
        "No replies are overdue.",
    ):
        assert message in text


def test_queries_do_not_grow_with_data(make_app, make):
    app = make_app(**CLOCK)
    client = app.test_client()

    def add(n):
        for i in range(n):
            org = make.organisation()
            ask = make.ask(status=["active", "met", "draft"][i % 3])
            make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
            received = make.response(organisation=org, response_date=TODAY - timedelta(days=i))
            make.link(ResponseAsk(response_id=received.id, ask_id=ask.id))
            make.response(
                organisation=make.organisation(),
                direction="sent",
                response_date=date(2025, 1, 1),
                reply_expected_by=date(2025, 2, 1),
            )
            milestone = make.milestone(milestone_date=TODAY + timedelta(days=i))
            make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))

    add(3)
    with count_queries(app) as few:
        assert client.get("/").status_code == 200
    add(27)
    with count_queries(app) as many:
        text = page_text(client.get("/"))
    assert "Replies overdue (30)" in text
    assert len(few) == len(many)
