"""Reminder fields on the milestone form, and the milestone page's reminders section: the
computed schedule in UK time, the recipients, and the delivery history."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from campaign.models import AskMilestone, Delivery, Milestone
from tests.milestones.helpers import CLOCK
from tests.responses.helpers import page_text

SETTINGS = {"REMINDER_OFFSETS": "14,2", "REMINDERS_TO": "team@example.org"}


def form_data(**overrides):
    data = {
        "title": "Technology notices consultation closes",
        "date": "2026-12-08",
        "kind": "consultation_closes",
        "description": "",
        "reminders": "",
        "also_remind": "",
    }
    data.update(overrides)
    return data


def saved(session):
    session.expire_all()
    return session.exec(select(Milestone)).one()


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("", None, ""),
        ("7, 28 ,1 7", "28,7,1", "28, 7, 1"),
        ("14\n2", "14,2", "14, 2"),
        ("0", "0", "0"),
        ("none", "", "none"),
        (" None ", "", "none"),
    ],
)
def test_reminder_days_are_stored_normalised_and_shown_back(client, session, typed, stored, shown):
    created = client.post("/milestones/new", data=form_data(reminders=typed))
    assert created.status_code == 302
    milestone = saved(session)
    assert milestone.reminder_offsets == stored
    edit = client.get(f"/milestones/{milestone.id}/edit").get_data(as_text=True)
    assert f'name="reminders" type="text" value="{shown}"' in edit


def test_also_remind_is_stored_normalised(client, session):
    typed = "ann@example.org; Bob@example.org\nann@EXAMPLE.org,  "
    assert client.post("/milestones/new", data=form_data(also_remind=typed)).status_code == 302
    milestone = saved(session)
    assert milestone.reminder_recipients == "ann@example.org, Bob@example.org"
    edit = client.get(f"/milestones/{milestone.id}/edit").get_data(as_text=True)
    assert "ann@example.org, Bob@example.org</textarea>" in edit
    # editing keeps what is not changed and clears what is emptied
    client.post(
        f"/milestones/{milestone.id}/edit",
        data=form_data(reminders="3", also_remind=""),
    )
    milestone = saved(session)
    assert (milestone.reminder_offsets, milestone.reminder_recipients) == ("3", "")


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("reminders", "7, soon", "“soon” is not a whole number of days."),
        ("reminders", "400", "400 days is more than a year ahead."),
        ("reminders", "-1", "“-1” is not a whole number of days."),
        ("also_remind", "ann@example.org, not-an-address", "“not-an-address” is not an e-mail"),
    ],
)
def test_bad_reminder_fields_are_refused_beside_the_field(client, session, field, typed, message):
    refused = client.post("/milestones/new", data=form_data(**{field: typed}))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert session.exec(select(Milestone)).all() == []


def test_the_hints_name_the_default_days_and_the_team_address(make_app, client):
    page = page_text(client.get("/milestones/new"))
    assert "Reminders (days before)" in page and "Default: 28, 7, 1." in page
    assert "type “none” for no reminders" in page
    assert "already goes to the owners of the linked asks." in page
    configured = page_text(make_app(**SETTINGS).test_client().get("/milestones/new"))
    assert "Default: 14, 2." in configured
    assert "owners of the linked asks and to team@example.org." in configured


def test_the_page_shows_the_schedule_in_uk_time_and_the_recipients(make_app, make):
    client = make_app(**SETTINGS, CLOCK=lambda: datetime(2026, 1, 10, 12, tzinfo=UTC)).test_client()
    owned = make.ask(title="Owned", owner_email="owner@example.org")
    make.ask(title="Unlinked", owner_email="nobody@example.org")
    milestone = make.milestone(
        milestone_date=date(2026, 2, 9), reminder_recipients="extra@example.org"
    )
    make.link(AskMilestone(ask_id=owned.id, milestone_id=milestone.id))
    page = client.get(f"/milestones/{milestone.id}")
    text = page_text(page)
    assert "Reminders 14, 2 days before the date (the default)." in text
    assert "14 days before 26 January 2026, 09:00 GMT Scheduled" in text
    # 7 February 2026 is a Saturday: that reminder goes on the Friday.
    assert (
        "2 days before 6 February 2026, 09:00 GMT Moved from Saturday 7 February 2026 "
        "(a weekend) to the working day before. Scheduled"
    ) in text
    assert (
        "Recipients owner@example.org extra@example.org team@example.org In-app notification"
        in text
    )
    assert "nobody@example.org" not in text
    html = page.get_data(as_text=True)
    assert '<time datetime="2026-01-26T09:00:00+00:00">26 January 2026, 09:00 GMT</time>' in html


def test_summer_time_and_passed_reminders(make_app, make):
    # 8 April 2026 is in British Summer Time: 9:00 in London is 8:00 UTC.
    client = make_app(
        REMINDER_OFFSETS="14,2", CLOCK=lambda: datetime(2026, 4, 1, 12, tzinfo=UTC)
    ).test_client()
    milestone = make.milestone(milestone_date=date(2026, 4, 10), reminder_offsets="14,2,0")
    page = client.get(f"/milestones/{milestone.id}")
    text = page_text(page)
    assert "Reminders 14, 2, 0 days before the date (set for this milestone)." in text
    assert "14 days before 27 March 2026, 09:00 GMT Due time passed" in text
    assert "2 days before 8 April 2026, 09:00 BST Scheduled" in text
    assert "On the day 10 April 2026, 09:00 BST Scheduled" in text
    assert "Recipients In-app notification" in text
    html = page.get_data(as_text=True)
    assert '<time datetime="2026-04-08T08:00:00+00:00">8 April 2026, 09:00 BST</time>' in html
    assert '<time datetime="2026-03-27T09:00:00+00:00">' in html


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {"milestone_date": date(2026, 7, 1), "date_precision": "month"},
            "No reminders: the date is only known to the month.",
        ),
        (
            {"milestone_date": date(2027, 1, 1), "date_precision": "year"},
            "No reminders: the date is only known to the year.",
        ),
        ({"reminder_offsets": ""}, "No reminders: turned off for this milestone."),
        ({"done_at": datetime(2026, 1, 2, tzinfo=UTC)}, "No reminders: the milestone is done."),
        (
            {"archived_at": datetime(2026, 1, 2, tzinfo=UTC)},
            "No reminders: the milestone is archived.",
        ),
    ],
)
def test_when_there_are_no_reminders_the_page_says_why(client, make, fields, reason):
    milestone = make.milestone(**fields)
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert reason in text
    assert "days before the date" not in text and "Recipients" not in text


def test_an_unreadable_team_address_is_reported_not_fatal(make_app, make):
    client = make_app(REMINDERS_TO="not an address", **CLOCK).test_client()
    milestone = make.milestone(milestone_date=date(2026, 12, 8))
    page = client.get(f"/milestones/{milestone.id}")
    assert page.status_code == 200
    text = page_text(page)
    assert "E-mail recipients cannot be worked out: “not” is not an e-mail address." in text
    assert "In-app notification" in text


def test_the_delivery_history_lists_what_the_engine_did(client, make, session):
    milestone = make.milestone(milestone_date=date(2026, 12, 8))
    other = make.milestone()

    def delivery(key, **kw):
        kw.setdefault("milestone_id", milestone.id)
        kw.setdefault("channel", "email")
        session.add(
            Delivery(
                dedupe_key=key,
                kind="milestone",
                target_date=date(2026, 12, 8),
                recipient="owner@example.org",
                **kw,
            )
        )

    delivery(
        "a",
        offset_days=28,
        due_at=datetime(2026, 11, 10, 9, tzinfo=UTC),
        status="sent",
        attempts=1,
        sent_at=datetime(2026, 11, 10, 9, 1, tzinfo=UTC),
    )
    delivery(
        "b",
        offset_days=7,
        due_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        status="failed",
        attempts=3,
        last_error="<b>550</b> mailbox unavailable",
    )
    delivery(
        "c",
        offset_days=1,
        due_at=datetime(2026, 12, 7, 9, tzinfo=UTC),
        status="cancelled",
        note="<i>the milestone was marked done</i>",
    )
    delivery("d", offset_days=7, due_at=datetime(2026, 12, 1, 9, tzinfo=UTC), channel="in_app")
    delivery(
        "e", milestone_id=other.id, due_at=datetime(2026, 1, 1, 9, tzinfo=UTC), status="missed"
    )
    session.commit()

    page = client.get(f"/milestones/{milestone.id}")
    text = page_text(page)
    history = text[text.index("Delivery history") :]
    assert history.index("1 day before") < history.index("7 days before") < history.index("28")
    assert (
        "1 day before 8 December 2026 E-mail: owner@example.org Cancelled "
        "<i>the milestone was marked done</i> 0"
    ) in history
    assert "7 days before 8 December 2026 E-mail: owner@example.org Failed <b>550</b>" in history
    assert "In-app: owner@example.org Pending 0" in history
    assert "Sent 10 November 2026, 09:01 GMT 1" in history
    assert "Missed" not in history  # another milestone's
    html = page.get_data(as_text=True)
    assert '<span class="badge badge-delivery-failed">Failed</span>' in html
    assert "&lt;b&gt;550&lt;/b&gt;" in html and "<b>550" not in html
    assert "&lt;i&gt;the milestone" in html and "<i>the" not in html
    empty = page_text(client.get(f"/milestones/{other.id}"))
    assert "Missed" in empty


def test_add_to_calendar_links_the_single_event_download(client, make):
    milestone = make.milestone()
    html = client.get(f"/milestones/{milestone.id}").get_data(as_text=True)
    assert f'href="/calendar/milestones/{milestone.id}.ics">Add to calendar</a>' in html
    download = client.get(f"/calendar/milestones/{milestone.id}.ics")
    assert download.status_code == 200 and b"BEGIN:VEVENT" in download.data
