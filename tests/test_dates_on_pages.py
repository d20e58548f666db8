"""Every page shows dates one way ("7 December 2026", or "July 2026" and "2027" for a date known
only to the month or year) and moments one way ("7 December 2026, 01:44 GMT", UK time), never
the older "07 Dec 2026 01:44 UTC" or "Mon 7 December 2026, 1:44"; <time datetime> stays ISO."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from campaign.models import (
    AuditEvent,
    AuditKind,
    DatePrecision,
    Delivery,
    DeliveryChannel,
    DeliveryKind,
    DeliveryStatus,
    Notification,
    Revision,
)
from tests.responses.helpers import page_text
from tests.revisions.helpers import edit_data

WINTER = datetime(2026, 12, 7, 1, 44, tzinfo=UTC)  # 01:44 GMT
SUMMER = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 BST on 1 July
OLD_FORMATS = [
    re.compile(r"\b\d\d [A-Z][a-z]{2} \d{4}\b"),  # "07 Dec 2026"
    re.compile(r"\bUTC\b"),
    re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]+ \d{4}\b"),  # "Mon 7 December"
]


def assert_one_format(response) -> str:
    assert response.status_code == 200
    text = page_text(response)
    for pattern in OLD_FORMATS:
        found = pattern.search(text)
        assert found is None, (
            f"{found[0]!r} in {text[max(found.start() - 80, 0) : found.end() + 80]!r}"
        )
    return text


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: WINTER)


def test_a_revision_history_and_an_archived_item(app, client, session, make):
    ask = make.ask(title="Encryption", slug="encryption")
    data = edit_data(app, type(ask), ask.id, title="End-to-end encryption")
    assert client.post("/asks/encryption/edit", data=data).status_code == 302
    assert client.post("/asks/encryption/archive").status_code == 302
    for revision in session.exec(select(Revision)).all():
        revision.at = WINTER
    session.commit()

    text = assert_one_format(client.get("/asks/encryption/history"))
    assert "7 December 2026, 01:44 GMT" in text
    html = client.get("/asks/encryption/history").get_data(as_text=True)
    assert '<time datetime="2026-12-07T01:44:00+00:00">7 December 2026, 01:44 GMT</time>' in html

    text = assert_one_format(client.get("/asks/encryption"))
    assert "7 December 2026, 01:44 GMT" in text  # latest changes on the ask's page


def test_an_archived_banner_is_in_uk_time(client, make):
    organisation = make.organisation(name="Ofcom", archived_at=SUMMER)
    text = assert_one_format(client.get(f"/organisations/{organisation.id}"))
    assert "Archived on 1 July 2026, 00:30 BST." in text


def test_the_delivery_list_and_a_milestone_with_its_reminders(client, session, make):
    milestone = make.milestone(
        title="Consultation closes", milestone_date=date(2026, 12, 14), reminder_days="7"
    )
    session.add(
        Delivery(
            dedupe_key="test:dates",
            kind=DeliveryKind.MILESTONE,
            milestone_id=milestone.id,
            offset_days=7,
            target_date=date(2026, 12, 14),
            due_at=WINTER - timedelta(hours=1),
            sent_at=WINTER,
            channel=DeliveryChannel.EMAIL,
            recipient="ann@charity.org.uk",
            status=DeliveryStatus.SENT,
            attempts=1,
        )
    )
    session.commit()

    text = assert_one_format(client.get("/deliveries/"))
    assert "7 December 2026, 00:44 GMT" in text and "7 December 2026, 01:44 GMT" in text
    assert "14 December 2026" in text

    text = assert_one_format(client.get(f"/milestones/{milestone.id}"))
    assert "14 December 2026" in text and "7 December 2026, 01:44 GMT" in text


def test_a_milestone_keeps_its_precision(client, make):
    month = make.milestone(milestone_date=date(2026, 7, 1), date_precision=DatePrecision.MONTH)
    year = make.milestone(milestone_date=date(2027, 1, 1), date_precision=DatePrecision.YEAR)
    assert "July 2026" in assert_one_format(client.get(f"/milestones/{month.id}"))
    text = assert_one_format(client.get(f"/milestones/{year.id}"))
    assert "2027" in text and "January 2027" not in text


def test_the_audit_log_and_notifications(client, session):
    session.add(AuditEvent(at=SUMMER, kind=AuditKind.SIGN_IN, actor_email="ann@example.org"))
    session.add(Notification(title="Consultation closes in 7 days", created_at=WINTER))
    session.commit()
    assert "1 July 2026, 00:30 BST" in assert_one_format(client.get("/audit/"))
    assert "7 December 2026, 01:44 GMT" in assert_one_format(client.get("/notifications/"))


def test_a_response_and_the_lists_that_show_dates(client, make):
    response = make.response(title="Ofcom's reply", response_date=date(2026, 12, 7))
    assert "7 December 2026" in assert_one_format(client.get(f"/responses/{response.id}"))
    assert "7 December 2026" in assert_one_format(client.get("/responses/"))
    make.ask(title="Encryption", slug="encryption")
    assert_one_format(client.get("/asks/"))
