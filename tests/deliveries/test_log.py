"""The delivery log: counts per status, filters, search, sorting, columns, query counts."""

import itertools
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.deliveries.services import describe_offset
from campaign.models import Delivery, DeliveryChannel, DeliveryKind, DeliveryStatus
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

_n = itertools.count(1)
DUE = datetime(2026, 2, 1, 9, tzinfo=UTC)


def deliver(session, **kw) -> Delivery:
    n = next(_n)
    kw.setdefault("dedupe_key", f"test:{n}")
    kw.setdefault("kind", DeliveryKind.MILESTONE)
    kw.setdefault("target_date", date(2026, 3, 1))
    kw.setdefault("due_at", DUE)
    kw.setdefault("channel", DeliveryChannel.EMAIL)
    kw.setdefault("recipient", f"person{n}@charity.org.uk")
    row = Delivery(**kw)
    session.add(row)
    session.commit()
    return row


def recipients(response) -> list[str]:
    """The recipient column, top to bottom."""
    return re.findall(r"<td>([^<>]+@[^<>]+)</td>", response.get_data(as_text=True))


@pytest.fixture
def log(session, make):
    closes = make.milestone(title="Consultation closes")
    statement = make.milestone(title="Statement")
    reply = make.response(title="Meta's reply")
    rows = [
        deliver(
            session,
            recipient="ann@charity.org.uk",
            milestone_id=closes.id,
            offset_days=7,
            status=DeliveryStatus.SENT,
            attempts=1,
            sent_at=DUE + timedelta(minutes=1),
            due_at=DUE - timedelta(days=2),
        ),
        deliver(
            session,
            recipient="bob@charity.org.uk",
            milestone_id=closes.id,
            offset_days=1,
            status=DeliveryStatus.FAILED,
            attempts=3,
            last_error="SMTP 451: " + "mailbox temporarily unavailable, " * 4,
            due_at=DUE,
        ),
        deliver(
            session,
            recipient="team@charity.org.uk",
            milestone_id=statement.id,
            offset_days=0,
            channel=DeliveryChannel.IN_APP,
            status=DeliveryStatus.FAILED,
            attempts=1,
            last_error="short",
            due_at=DUE - timedelta(days=1),
        ),
        deliver(
            session,
            recipient="cat@charity.org.uk",
            kind=DeliveryKind.FOLLOW_UP,
            response_id=reply.id,
            status=DeliveryStatus.PENDING,
            due_at=DUE + timedelta(days=1),
        ),
        deliver(
            session,
            recipient="dan@charity.org.uk",
            status=DeliveryStatus.MISSED,
            note="Due while the scheduler was down; the milestone has passed.",
        ),
    ]
    return {"closes": closes, "statement": statement, "reply": reply, "rows": rows}


def test_the_log_lists_every_delivery_newest_due_first(client, log):
    response = client.get("/deliveries/")
    assert response.status_code == 200
    assert recipients(response) == [
        "cat@charity.org.uk",
        "bob@charity.org.uk",
        "dan@charity.org.uk",  # due at the same time as bob: then in order of creation
        "team@charity.org.uk",
        "ann@charity.org.uk",
    ]
    html = response.get_data(as_text=True)
    assert f'<a href="/milestones/{log["closes"].id}">Consultation closes</a>' in html
    assert f'<a href="/responses/{log["reply"].id}">Meta&#39;s reply</a>' in html
    assert '<span class="badge badge-delivery-failed">Failed</span>' in html
    text = page_text(response)
    assert "7 days before" in text and "1 day before" in text and "on the day" in text
    assert "In-app" in text and "E-mail" in text and "Follow up" in text
    assert "1 February 2026, 09:01 GMT" in text  # sent at, UK time
    assert "Missed Due while the scheduler was down; the milestone has passed." in text


def test_counts_per_status_link_to_the_filtered_list(client, log):
    html = client.get("/deliveries/").get_data(as_text=True)
    found = re.findall(r'href="/deliveries/\?status=(\w+)"[^>]*>(\d+) (\w+)</a>', html)
    assert {status: int(count) for status, count, _ in found} == {
        "pending": 1,
        "sent": 1,
        "failed": 2,
        "missed": 1,
        "cancelled": 0,
    }
    assert all(status == word for status, _, word in found)
    failed = client.get("/deliveries/?status=failed")
    assert recipients(failed) == ["bob@charity.org.uk", "team@charity.org.uk"]
    html = failed.get_data(as_text=True)
    assert re.search(r'status=failed"[^>]*aria-current="page"[^>]*>2 failed</a>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=missed", ["dan@charity.org.uk"]),
        ("status=nonsense", []),
        ("channel=in_app", ["team@charity.org.uk"]),
        ("kind=follow_up", ["cat@charity.org.uk"]),
        ("q=ANN@", ["ann@charity.org.uk"]),
        ("q=charity&status=failed&channel=email", ["bob@charity.org.uk"]),
        ("milestone=x", []),
    ],
)
def test_filters(client, log, query, expected):
    assert recipients(client.get(f"/deliveries/?{query}")) == expected


def test_the_milestone_filter(client, log):
    closes = log["closes"].id
    response = client.get(f"/deliveries/?milestone={closes}&sort=attempts")
    assert recipients(response) == ["ann@charity.org.uk", "bob@charity.org.uk"]
    html = response.get_data(as_text=True)
    # A chooser (docs/choosers.md): the chosen milestone, named, and no list of them all.
    assert f'<input type="hidden" name="milestone" value="{closes}">' in html
    assert "<strong>Consultation closes</strong>" in html
    found = client.get("/deliveries/?milestone_find=reply").get_data(as_text=True)
    assert 'type="radio" name="milestone"' not in found  # milestones only, not responses
    assert "No milestone matches “reply”." in found
    offered = client.get("/deliveries/?milestone_find=closes").get_data(as_text=True)
    assert f'<input type="radio" name="milestone" value="{closes}"> Consultation closes' in offered


def test_the_last_error_is_truncated_with_the_full_text_at_hand(client, log):
    html = client.get("/deliveries/?status=failed").get_data(as_text=True)
    full = log["rows"][1].last_error
    assert f'title="{full}"' in html
    assert f"<p>{full}</p>" in html  # expandable, for keyboard and screen-reader users
    assert re.search(r"<summary[^>]*>SMTP 451: mailbox temporarily[^<]{0,30}\.\.\.</summary>", html)
    assert "<td>short</td>" in html


def test_the_log_is_read_only(client, log):
    assert client.post("/deliveries/").status_code == 405


def test_describe_offset():
    assert describe_offset(None) == ""
    assert describe_offset(0) == "on the day"
    assert describe_offset(1) == "1 day before"
    assert describe_offset(28) == "28 days before"
    assert describe_offset(-2) == "2 days after"


def test_the_log_issues_the_same_queries_for_3_rows_as_for_30(make_app, session, make):
    app = make_app(PER_PAGE=50)
    client = app.test_client()

    def add(count: int) -> None:
        for _ in range(count):
            deliver(session, milestone_id=make.milestone().id, last_error="boom")
            deliver(session, kind=DeliveryKind.FOLLOW_UP, response_id=make.response().id)

    def queries(expected: int) -> int:
        client.get("/deliveries/")
        with count_queries(app) as statements:
            response = client.get("/deliveries/")
        assert len(recipients(response)) == expected
        return len(statements)

    add(2)
    few = queries(4)
    add(13)
    assert queries(30) == few
