"""What the milestone page says about its reminders beyond the schedule: a reminder moved off a
weekend or a bank holiday, and reminders that would reach no e-mail address (on the page, and
as a warning when the milestone is saved)."""

from datetime import UTC, date, datetime

import pytest

from campaign.milestones.schedule import NO_EMAIL
from campaign.models import AskMilestone
from tests.responses.helpers import page_text

# Monday 3 August 2026, noon (BST).
NOW = {"CLOCK": lambda: datetime(2026, 8, 3, 11, tzinfo=UTC)}
WARNING = NO_EMAIL


def test_a_reminder_on_a_bank_holiday_shows_the_day_it_moved_to(make_app, make):
    client = make_app(**NOW).test_client()
    milestone = make.milestone(milestone_date=date(2026, 9, 7), reminder_offsets="7")
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert (
        "7 days before 28 August 2026, 09:00 BST Moved from Monday 31 August 2026 "
        "(Late Summer Bank Holiday) to the working day before. Scheduled"
    ) in text


def test_a_reminder_on_a_working_day_says_nothing_about_moving(make_app, make):
    client = make_app(**NOW).test_client()
    milestone = make.milestone(milestone_date=date(2026, 9, 8), reminder_offsets="7")
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert "7 days before 1 September 2026, 09:00 BST Scheduled" in text
    assert "Moved from" not in text


def test_reminders_that_reach_no_e_mail_address_say_so_on_the_page(make_app, make):
    client = make_app(REMINDERS_TO="", **NOW).test_client()
    milestone = make.milestone(milestone_date=date(2026, 9, 8))
    ownerless = make.ask(title="No owner", owner_email=None)
    make.link(AskMilestone(ask_id=ownerless.id, milestone_id=milestone.id))
    page = client.get(f"/milestones/{milestone.id}")
    text = page_text(page)
    assert f"Recipients In-app notification {WARNING}" in text
    assert 'id="no-email-recipients"' in page.get_data(as_text=True)


@pytest.mark.parametrize("source", ["team", "also_remind", "owner"])
def test_any_e_mail_recipient_silences_the_notice(make_app, make, source):
    team = "team@example.org" if source == "team" else ""
    client = make_app(REMINDERS_TO=team, **NOW).test_client()
    milestone = make.milestone(
        milestone_date=date(2026, 9, 8),
        reminder_recipients="extra@example.org" if source == "also_remind" else "",
    )
    ask = make.ask(owner_email="owner@example.org" if source == "owner" else None)
    make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert "Recipients" in text and "@example.org" in text
    assert WARNING not in text


def test_the_owner_of_an_archived_ask_does_not_count(make_app, make):
    client = make_app(REMINDERS_TO="", **NOW).test_client()
    milestone = make.milestone(milestone_date=date(2026, 9, 8))
    ask = make.ask(owner_email="owner@example.org", archived_at=datetime(2026, 8, 1, tzinfo=UTC))
    make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
    assert WARNING in page_text(client.get(f"/milestones/{milestone.id}"))


def test_no_notice_when_there_are_no_reminders(make_app, make):
    client = make_app(REMINDERS_TO="", **NOW).test_client()
    milestone = make.milestone(milestone_date=date(2026, 9, 8), reminder_offsets="")
    text = page_text(client.get(f"/milestones/{milestone.id}"))
    assert "No reminders: turned off for this milestone." in text
    assert WARNING not in text


def form(**overrides):
    data = {
        "title": "Statement on fees",
        "date": "2026-09-08",
        "kind": "statement",
        "description": "",
        "reminders": "",
        "also_remind": "",
    }
    return {**data, **overrides}


def test_saving_a_milestone_whose_reminders_reach_nobody_warns(make_app):
    client = make_app(REMINDERS_TO="", **NOW).test_client()
    created = client.post("/milestones/new", data=form(), follow_redirects=True)
    assert created.status_code == 200
    html = created.get_data(as_text=True)
    assert 'flash flash-warning"' in html
    assert page_text(created).count(WARNING) == 2  # the warning, and the note on the page
    path = created.request.path

    # Adding an address on the edit form: saved without a warning, the note gone.
    edited = client.post(
        f"{path}/edit", data=form(also_remind="policy@example.org"), follow_redirects=True
    )
    assert "flash-warning" not in edited.get_data(as_text=True)
    assert WARNING not in page_text(edited)

    # Taking it away again warns again.
    edited = client.post(f"{path}/edit", data=form(), follow_redirects=True)
    assert page_text(edited).count(WARNING) == 2


def test_no_warning_on_save_when_the_reminders_have_all_gone_by(make_app):
    client = make_app(REMINDERS_TO="", **NOW).test_client()
    saved = client.post("/milestones/new", data=form(date="2026-08-01"), follow_redirects=True)
    assert saved.status_code == 200
    assert "flash-warning" not in saved.get_data(as_text=True)
    assert page_text(saved).count(WARNING) == 1  # the page still says who would get them


def test_no_warning_on_save_with_a_team_address(make_app):
    client = make_app(REMINDERS_TO="team@example.org", **NOW).test_client()
    saved = client.post("/milestones/new", data=form(), follow_redirects=True)
    assert "flash-warning" not in saved.get_data(as_text=True)
    assert WARNING not in page_text(saved)
