"""SMTP failures are recorded, retried with backoff, and never silently dropped."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest

from campaign import models as m
from campaign.db import session_scope
from campaign.reminders import passes
from campaign.reminders.planning import ReminderSettings
from tests.reminders.conftest import at, deliveries


def emails(session):
    return deliveries(session, channel=m.DeliveryChannel.EMAIL)


def test_a_refused_e_mail_is_failed_then_retried_with_backoff_until_sent(
    run, campaign, session, smtp
):
    smtp.answer = "451 4.3.0 Try again later"
    result = run("2024-02-16 09:00", expect_exit=1)  # cron sees the failure
    assert "2 failed" in result.output and "1 sent" in result.output  # the in-app one
    failed = emails(session)
    assert {(d.status, d.attempts) for d in failed} == {(m.DeliveryStatus.FAILED, 1)}
    assert all("451" in d.last_error and "Try again later" in d.last_error for d in failed)
    assert {d.next_attempt_at for d in failed} == {at("2024-02-16 09:01")}

    run("2024-02-16 09:00:59", expect_exit=0)  # not yet: the backoff has not elapsed
    assert {d.attempts for d in emails(session)} == {1}

    result = run("2024-02-16 09:01", expect_exit=1)  # second attempt, refused again
    assert "2 retried" in result.output
    assert {(d.attempts, d.next_attempt_at) for d in emails(session)} == {
        (2, at("2024-02-16 09:03"))  # twice the delay
    }

    smtp.answer = None
    result = run("2024-02-16 09:03")
    assert "2 retried" in result.output and "2 sent" in result.output
    sent = emails(session)
    assert {(d.status, d.attempts, d.next_attempt_at) for d in sent} == {
        (m.DeliveryStatus.SENT, 3, None)
    }
    assert all("451" in d.last_error for d in sent)  # the history stays visible
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == [
        "owner@example.org",
        "team@example.org",
    ]
    run("2024-02-16 09:30")
    assert len(smtp.received) == 2


def test_when_the_server_is_down_attempts_run_out_and_the_failure_stays_visible(
    run, campaign, session, smtp
):
    smtp.controller.stop()
    run("2024-02-16 09:00", expect_exit=1)
    run("2024-02-16 09:01", expect_exit=1)
    run("2024-02-16 09:03", expect_exit=1)  # DELIVERY_MAX_ATTEMPTS = 3
    failed = emails(session)
    assert {(d.status, d.attempts, d.next_attempt_at) for d in failed} == {
        (m.DeliveryStatus.FAILED, 3, None)
    }
    assert all("Connection" in d.last_error for d in failed)
    result = run("2024-02-16 12:00")
    assert "0 retried" in result.output
    assert {d.status for d in emails(session)} == {m.DeliveryStatus.FAILED}


def test_a_permanent_refusal_is_not_retried(run, campaign, session, smtp):
    smtp.answer = "550 5.1.1 No such user"
    run("2024-02-16 09:00", expect_exit=1)
    assert {(d.status, d.attempts, d.next_attempt_at) for d in emails(session)} == {
        (m.DeliveryStatus.FAILED, 1, None)
    }
    assert all("550" in d.last_error for d in emails(session))


def test_a_failed_reminder_of_a_milestone_archived_meanwhile_is_cancelled_not_sent(
    run, campaign, session, smtp
):
    smtp.answer = "451 Try again later"
    run("2024-02-16 09:00", expect_exit=1)
    smtp.answer = None
    campaign.archived_at = at("2024-02-16 09:00:30")
    session.add(campaign)
    session.commit()
    result = run("2024-02-16 09:01")
    assert "2 cancelled" in result.output
    assert smtp.received == []
    assert {(d.status, d.note) for d in emails(session)} == {
        (m.DeliveryStatus.CANCELLED, "Cancelled: the milestone was archived.")
    }


def test_a_failed_reminder_of_a_moved_milestone_is_cancelled(run, campaign, session, smtp):
    smtp.answer = "451 Try again later"
    run("2024-02-16 09:00", expect_exit=1)
    smtp.answer = None
    campaign.milestone_date = date(2024, 3, 15)
    session.add(campaign)
    session.commit()
    run("2024-02-16 09:01")
    old = [d for d in emails(session) if d.target_date == date(2024, 2, 23)]
    assert {d.status for d in old} == {m.DeliveryStatus.CANCELLED}
    assert all("moved to 15 March 2024" in d.note for d in old)
    # What goes out instead is the new date's reminder, due that morning too.
    assert {r.subject for r in smtp.received} == {
        "Reminder: Ofcom illegal harms consultation closes in 28 days (15 March 2024)"
    }


def test_a_reminder_still_failing_when_the_milestone_passes_is_recorded_missed(
    run, campaign, session, smtp
):
    campaign.reminder_offsets = "1"
    session.add(campaign)
    session.commit()
    smtp.answer = "451 Try again later"
    run("2024-02-22 09:00", expect_exit=1)
    smtp.answer = None
    run("2024-02-24 09:00")
    assert smtp.received == []
    assert {(d.status, d.attempts) for d in emails(session)} == {(m.DeliveryStatus.MISSED, 1)}
    assert all("passed before the e-mail could be sent" in d.note for d in emails(session))


def test_a_claim_abandoned_by_a_crashed_sender_is_retried(run, campaign, session, smtp):
    """A process that claimed a delivery and died before recording the result leaves it
    pending; after DELIVERY_CLAIM_SECONDS (15 minutes) another pass sends it."""
    now = at("2024-02-16 09:00")
    session.add(
        m.Delivery(
            dedupe_key=f"milestone:{campaign.id}:2024-02-23:7:email:owner@example.org",
            kind=m.DeliveryKind.MILESTONE,
            milestone_id=campaign.id,
            offset_days=7,
            target_date=date(2024, 2, 23),
            due_at=now,
            channel=m.DeliveryChannel.EMAIL,
            recipient="owner@example.org",
            status=m.DeliveryStatus.PENDING,
            attempts=1,
            next_attempt_at=now + timedelta(minutes=15),
        )
    )
    session.commit()
    run("2024-02-16 09:00")
    assert [r.rcpt_tos for r in smtp.received] == [["team@example.org"]]  # owner's is claimed
    run("2024-02-16 09:14")
    assert len(smtp.received) == 1
    result = run("2024-02-16 09:15")
    assert "1 retried" in result.output
    assert [r.rcpt_tos for r in smtp.received][-1] == ["owner@example.org"]
    owner = deliveries(session, recipient="owner@example.org")[0]
    assert (owner.status, owner.attempts) == (m.DeliveryStatus.SENT, 2)


def test_an_unexpected_error_mid_batch_keeps_what_was_already_sent(app, clock, campaign, session):
    """A bug in the middle of a batch: the e-mails sent before it are recorded as sent (not
    resent later); the one it hit stays pending, to be retried once its claim goes stale."""

    class Flaky:
        def __init__(self):
            self.sent = []

        @contextmanager
        def connection(self):
            def send(to, message):
                if to == "team@example.org":
                    raise RuntimeError("bug")
                self.sent.append(to)
                return ""

            yield send

    mailer = Flaky()
    with app.app_context(), session_scope() as work, pytest.raises(RuntimeError):
        passes.run_milestone_reminder(
            work,
            campaign.id,
            7,
            now=at("2024-02-16 09:00"),
            mailer=mailer,
            settings=ReminderSettings.from_config(app.config),
        )
    assert mailer.sent == ["owner@example.org"]
    status = {d.recipient: d.status for d in emails(session)}
    assert status == {
        "owner@example.org": m.DeliveryStatus.SENT,
        "team@example.org": m.DeliveryStatus.PENDING,
    }
