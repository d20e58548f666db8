"""GET /calendar.ics: the feed of every milestone or one ask's, behind the secret token."""

from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.models import AppSetting, AskMilestone, DatePrecision, MilestoneKind
from tests.calendar.helpers import events_by_uid, parse, triggers
from tests.support.querycount import count_queries

TOKEN = "s3cret-token-for-tests"
NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW, REMINDER_OFFSETS="28,7,1", REMINDER_HOUR=9)


@pytest.fixture
def token(session):
    session.add(AppSetting(key="calendar_token", value=TOKEN))
    session.commit()
    return TOKEN


@pytest.fixture
def campaign(make):
    """Two asks; milestones with default offsets, their own offsets, done, planned by month,
    and archived."""
    ofcom = make.organisation(name="Ofcom")
    encryption = make.ask(title="End-to-end encryption", slug="encryption")
    age = make.ask(title="Age checks", slug="age-checks")
    closes = make.milestone(
        key="illegal-harms-closes",
        title="Illegal harms consultation closes",
        milestone_date=date(2026, 3, 5),
        kind=MilestoneKind.CONSULTATION_CLOSES,
        organisation_id=ofcom.id,
    )
    own = make.milestone(
        key="codes-laid",
        title="Codes laid",
        milestone_date=date(2026, 4, 1),
        reminder_offsets="14,2",
    )
    done = make.milestone(
        key="response-sent",
        title="Our response sent",
        milestone_date=date(2026, 1, 20),
        done_at=datetime(2026, 1, 19, 16, tzinfo=UTC),
    )
    planned = make.milestone(
        key="statement-due",
        title="Statement",
        milestone_date=date(2026, 7, 1),
        date_precision=DatePrecision.MONTH,
        is_planned=True,
    )
    make.milestone(key="gone", title="Archived", archived_at=datetime(2026, 1, 1, tzinfo=UTC))
    make.link(AskMilestone(ask_id=encryption.id, milestone_id=closes.id))
    make.link(AskMilestone(ask_id=encryption.id, milestone_id=own.id))
    make.link(AskMilestone(ask_id=age.id, milestone_id=planned.id))
    return {"closes": closes, "own": own, "done": done, "planned": planned}


def uid(key: str) -> str:
    return f"milestone-{key}@localhost"


def test_the_feed_holds_every_milestone_with_its_alarms(client, token, campaign):
    response = client.get(f"/calendar.ics?token={token}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'inline; filename="campaign.ics"'
    assert response.headers["Cache-Control"] == "private, max-age=300"
    calendar = parse(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Campaign milestones"
    events = events_by_uid(calendar)
    keys = ("response-sent", "illegal-harms-closes", "codes-laid", "statement-due")
    assert list(events) == [uid(key) for key in keys]  # by date; archived left out

    closes = events[uid("illegal-harms-closes")]
    assert closes.decoded("DTSTART") == date(2026, 3, 5)
    assert closes.decoded("DTSTAMP") == NOW
    assert str(closes["SUMMARY"]) == "Illegal harms consultation closes"
    assert str(closes["URL"]) == f"http://localhost/milestones/{campaign['closes'].id}"
    assert closes.categories == ["Consultation closes"]
    assert "Organisation: Ofcom" in str(closes["DESCRIPTION"])
    assert "Asks: End-to-end encryption" in str(closes["DESCRIPTION"])
    assert triggers(closes) == [timedelta(days=-n, hours=9) for n in (28, 7, 1)]

    assert triggers(events[uid("codes-laid")]) == [timedelta(days=-n, hours=9) for n in (14, 2)]

    done = events[uid("response-sent")]
    assert triggers(done) == []
    assert str(done["SUMMARY"]) == "Our response sent ✓ done"

    planned = events[uid("statement-due")]
    assert (planned.decoded("DTSTART"), planned.decoded("DTEND")) == (
        date(2026, 7, 1),
        date(2026, 8, 1),
    )
    assert str(planned["SUMMARY"]) == "Statement (month only) (planned)"
    assert str(planned["STATUS"]) == "TENTATIVE"


def test_alarms_follow_the_reminder_settings(make_app, make, session, token):
    client = make_app(REMINDER_OFFSETS="3", REMINDER_HOUR=8).test_client()
    make.milestone(key="m", milestone_date=date(2026, 5, 1))
    (event,) = parse(client.get(f"/calendar.ics?token={token}").data).walk("VEVENT")
    assert triggers(event) == [timedelta(days=-3, hours=8)]


def test_an_asks_feed_holds_only_its_milestones(client, token, campaign):
    response = client.get(f"/calendar.ics?token={token}&ask=encryption")
    assert response.status_code == 200
    calendar = parse(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Campaign: End-to-end encryption"
    assert list(events_by_uid(calendar)) == [uid("illegal-harms-closes"), uid("codes-laid")]
    age = parse(client.get(f"/calendar.ics?token={token}&ask=age-checks").data)
    assert list(events_by_uid(age)) == [uid("statement-due")]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?token=",
        "?token=wrong",
        f"?token={TOKEN}x",
        "?token=%C3%A9t%C3%A9",  # not ASCII: still a plain 404
        f"?TOKEN={TOKEN}",
    ],
)
def test_a_missing_or_wrong_token_is_not_found(client, token, campaign, query):
    response = client.get(f"/calendar.ics{query}")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.data


def test_no_token_yet_means_no_feed(client, campaign):
    assert client.get("/calendar.ics?token=").status_code == 404
    assert client.get("/calendar.ics?token=None").status_code == 404


def test_an_unknown_ask_is_not_found(client, token, campaign):
    assert client.get(f"/calendar.ics?token={token}&ask=no-such-ask").status_code == 404
    assert client.get(f"/calendar.ics?token={token}&ask=").status_code == 404
    assert client.get("/calendar.ics?token=wrong&ask=encryption").status_code == 404


def test_a_hostile_title_round_trips_through_the_feed(client, token, make):
    title = "<script>alert(1)</script>, a; b\nc"
    make.milestone(key="hostile", title=title, description="x,y;z\n<b>bold</b>")
    (event,) = parse(client.get(f"/calendar.ics?token={token}").data).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert "x,y;z\n<b>bold</b>" in str(event["DESCRIPTION"])


def test_the_feed_issues_the_same_queries_for_3_milestones_as_for_30(app, client, token, make):
    ask = make.ask(slug="big")
    organisation = make.organisation()
    source = make.source(url="https://example.org/report")

    def add(count: int) -> None:
        for _ in range(count):
            milestone = make.milestone(organisation_id=organisation.id, source_id=source.id)
            make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))

    def queries(expected: int) -> int:
        for url in (f"/calendar.ics?token={token}", f"/calendar.ics?token={token}&ask=big"):
            client.get(url)
        with count_queries(app) as statements:
            response = client.get(f"/calendar.ics?token={token}&ask=big")
        assert len(parse(response.data).walk("VEVENT")) == expected
        return len(statements)

    add(3)
    few = queries(3)
    add(27)
    assert queries(30) == few
