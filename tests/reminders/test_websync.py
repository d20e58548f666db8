"""Changes made in the web app reach the scheduler's job store as soon as they are committed:
moving a milestone moves its jobs, archiving or marking it done removes them and cancels its
open deliveries, and a failed job store write never fails the user's request."""

from __future__ import annotations

from datetime import date

import pytest

from campaign import models as m
from campaign.reminders import jobstore
from tests.reminders.conftest import TITLE, at, deliveries, job_rows


@pytest.fixture
def client(app, clock):
    clock.set("2024-01-01 12:00")
    return app.test_client()


def edit(client, milestone, **changes):
    data = {
        "title": milestone.title,
        "date": milestone.milestone_date.isoformat(),
        "kind": milestone.kind.value,
        "description": "",
        "reminders": "",
        "also_remind": "",
        **changes,
    }
    return client.post(f"/milestones/{milestone.id}/edit", data=data)


def test_creating_a_milestone_schedules_its_reminders(client, session):
    response = client.post(
        "/milestones/new",
        data={
            "title": TITLE,
            "date": "2024-02-23",
            "kind": "consultation_closes",
            "reminders": "7, 1",
            "also_remind": "",
        },
    )
    assert response.status_code == 302
    milestone_id = int(response.location.rsplit("/", 1)[1])
    assert job_rows(session) == {
        f"milestone:{milestone_id}:offset:7": at("2024-02-16 09:00"),
        f"milestone:{milestone_id}:offset:1": at("2024-02-22 09:00"),
    }


def test_editing_the_date_moves_the_jobs_and_the_reminders(client, campaign, session, run, smtp):
    assert edit(client, campaign).status_code == 302
    assert job_rows(session)[f"milestone:{campaign.id}:offset:7"] == at("2024-02-16 09:00")

    assert edit(client, campaign, date="2024-03-08").status_code == 302
    assert job_rows(session) == {
        f"milestone:{campaign.id}:offset:28": at("2024-02-09 09:00"),
        f"milestone:{campaign.id}:offset:7": at("2024-03-01 09:00"),
        f"milestone:{campaign.id}:offset:1": at("2024-03-07 09:00"),
    }
    # The reminders follow: nothing at the old time, the new date's at the new time.
    run("2024-01-01 12:00")
    run("2024-02-09 09:00")
    assert {r.subject for r in smtp.received} == {f"Reminder: {TITLE} in 28 days (8 March 2024)"}
    smtp.received.clear()
    run("2024-02-16 09:00")
    assert smtp.received == []
    run("2024-03-01 09:00")
    assert {r.subject for r in smtp.received} == {f"Reminder: {TITLE} in 7 days (8 March 2024)"}


def test_moving_a_milestone_moves_its_jobs(client, campaign, session):
    edit(client, campaign)
    response = client.post(
        f"/milestones/{campaign.id}/move",
        data={"move-date": "2024-04-12", "move-note": "Ofcom extended the deadline"},
    )
    assert response.status_code == 302
    assert job_rows(session)[f"milestone:{campaign.id}:offset:7"] == at("2024-04-05 08:00")  # BST


def test_changing_the_reminder_days_changes_the_jobs(client, campaign, session):
    edit(client, campaign, reminders="14")
    assert job_rows(session) == {f"milestone:{campaign.id}:offset:14": at("2024-02-09 09:00")}
    edit(client, campaign, reminders="none")
    assert job_rows(session) == {}


def test_archiving_removes_the_jobs_and_cancels_open_deliveries(
    client, clock, campaign, session, run, smtp
):
    edit(client, campaign)
    smtp.answer = "451 Try again later"
    run("2024-02-16 09:00", expect_exit=1)  # two e-mails failed, waiting for a retry
    clock.set("2024-02-16 09:00:30")
    assert client.post(f"/milestones/{campaign.id}/archive").status_code == 302
    assert job_rows(session) == {}
    emails = deliveries(session, channel=m.DeliveryChannel.EMAIL)
    assert {(d.status, d.next_attempt_at) for d in emails} == {(m.DeliveryStatus.CANCELLED, None)}
    assert all(d.note == "Cancelled: the milestone was archived." for d in emails)
    in_app = deliveries(session, channel=m.DeliveryChannel.IN_APP)
    assert [d.status for d in in_app] == [m.DeliveryStatus.SENT]  # history stays

    smtp.answer = None
    run("2024-02-16 09:05")
    assert smtp.received == []
    # Restored: the jobs come back.
    client.post(f"/milestones/{campaign.id}/restore")
    assert f"milestone:{campaign.id}:offset:1" in job_rows(session)


def test_marking_done_removes_the_jobs(client, campaign, session):
    edit(client, campaign)
    response = client.post(f"/milestones/{campaign.id}/done", data={"done-note": "Submitted"})
    assert response.status_code == 302
    assert job_rows(session) == {}


def test_a_refused_edit_changes_nothing(client, campaign, session):
    edit(client, campaign)
    before = job_rows(session)
    assert edit(client, campaign, date="2024-13-45").status_code == 422
    assert job_rows(session) == before


def test_a_job_store_failure_does_not_fail_the_request(
    client, campaign, session, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("job store unavailable")

    monkeypatch.setattr(jobstore, "resync_some", broken)
    response = edit(client, campaign, date="2024-03-08")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(m.Milestone, campaign.id).milestone_date == date(2024, 3, 8)
    assert "Could not update reminder jobs" in caplog.text
    assert "job store unavailable" in caplog.text


def test_a_sent_response_gets_its_follow_up_job(client, make, session):
    letter = make.response(
        direction=m.ResponseDirection.SENT,
        response_date=date(2024, 1, 1),
        reply_expected_by=date(2024, 2, 1),
    )
    client.post(f"/responses/{letter.id}/archive")
    assert job_rows(session) == {}
    client.post(f"/responses/{letter.id}/restore")
    assert job_rows(session) == {f"follow-up:response:{letter.id}": at("2024-02-01 09:00")}
    client.post(f"/responses/{letter.id}/archive")
    assert job_rows(session) == {}
