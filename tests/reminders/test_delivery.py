"""A reminder goes out on time, once, to the right people, saying the right things."""

from __future__ import annotations

import threading
from datetime import date

from sqlmodel import select

from campaign import models as m
from campaign.reminders import jobs
from tests.reminders.conftest import TITLE, at, deliveries


def test_the_7_day_reminder_goes_out_at_9_am_with_the_right_content(run, campaign, session, smtp):
    run("2024-01-01 00:00")  # reminders have been running since New Year
    run("2024-01-26 09:00")  # the 28-day reminder
    smtp.received.clear()

    run("2024-02-16 08:59")
    assert smtp.received == []  # not before its time

    result = run("2024-02-16 09:00")
    assert "2 sent" not in result.output and "3 sent" in result.output  # 2 e-mails + in-app
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == [
        "owner@example.org",
        "team@example.org",
    ]
    mail = smtp.received[0]
    assert mail.subject == f"Reminder: {TITLE} in 7 days (23 February 2024)"
    assert mail.message["From"] == "Campaign <campaign@example.org>"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    text = mail.part("plain")
    assert "Friday 23 February 2024 (in 7 days)" in text
    assert "Organisation: Ofcom" in text
    assert "- Proactive technology against grooming: http://localhost/asks/proactive-tech" in text
    assert f"http://localhost/milestones/{campaign.id}" in text
    html = mail.part("html")
    assert f'<a href="http://localhost/milestones/{campaign.id}">{TITLE}</a>' in html
    assert "Friday 23 February 2024</time></strong>: in 7 days" in html
    assert '<a href="http://localhost/asks/proactive-tech">' in html

    sent = deliveries(session, offset_days=7)
    assert {(d.channel, d.recipient, d.status, d.attempts) for d in sent} == {
        (m.DeliveryChannel.EMAIL, "owner@example.org", m.DeliveryStatus.SENT, 1),
        (m.DeliveryChannel.EMAIL, "team@example.org", m.DeliveryStatus.SENT, 1),
        (m.DeliveryChannel.IN_APP, "team", m.DeliveryStatus.SENT, 1),
    }
    assert all(d.sent_at == at("2024-02-16 09:00") for d in sent)
    notification = session.exec(
        select(m.Notification).where(m.Notification.title == f"{TITLE} in 7 days")
    ).one()
    assert notification.link == f"/milestones/{campaign.id}"
    assert "Proactive technology against grooming" in notification.body
    assert notification.read_at is None


def test_html_is_escaped(run, make, smtp):
    make.milestone(title="Closes <script>alert(1)</script>", milestone_date=date(2024, 2, 23))
    run("2024-02-16 09:00")
    html = smtp.received[0].part("html")
    assert "<script>alert" not in html
    assert "Closes &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Closes <script>alert(1)</script>" in smtp.received[0].part("plain")


def test_the_team_address_gets_reminders_of_milestones_with_no_linked_asks(run, make, smtp):
    make.milestone(title="Statement published", milestone_date=date(2024, 2, 23))
    run("2024-02-22 09:00")
    assert [r.rcpt_tos for r in smtp.received] == [["team@example.org"]]
    assert smtp.received[0].subject == ("Reminder: Statement published tomorrow (23 February 2024)")
    assert "No asks are linked to this milestone." in smtp.received[0].part("plain")


def test_extra_recipients_named_on_the_milestone_are_reminded(run, make, smtp):
    make.milestone(
        milestone_date=date(2024, 2, 23),
        reminder_offsets="0",
        reminder_recipients="Policy@Charity.org.uk, team@example.org",
    )
    run("2024-02-23 09:00")
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == [
        "Policy@Charity.org.uk",
        "team@example.org",
    ]
    assert "today (23 February 2024)" in smtp.received[0].subject


def test_running_the_pass_again_sends_nothing_twice(run, campaign, session, smtp):
    run("2024-02-16 09:00")
    first = len(smtp.received)
    result = run("2024-02-16 09:00")
    again = run("2024-02-16 10:30")
    assert len(smtp.received) == first == 2
    assert "3 skipped" in result.output and "3 skipped" in again.output
    assert len(deliveries(session)) == 3
    assert len(session.exec(select(m.Notification)).all()) == 1


def race(job, *args) -> None:
    """Run `job(*args)` in two threads released together; re-raise what either raised."""
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            job(*args)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []


def test_two_workers_running_the_same_job_at_once_send_it_once(app, clock, campaign, session, smtp):
    """Two threads, each with its own session and connection, run the same due job together
    (as two scheduler processes would): the unique key lets exactly one of them send. Once
    for each of the three reminders, to meet different interleavings."""
    for offset, due in ((28, "2024-01-26 09:00"), (7, "2024-02-16 09:00"), (1, "2024-02-22 09:00")):
        clock.set(due)
        race(jobs.run_milestone_reminder, campaign.id, offset)
        assert sorted(r.rcpt_tos[0] for r in smtp.received) == [
            "owner@example.org",
            "team@example.org",
        ]
        assert len(deliveries(session, offset_days=offset)) == 3
        smtp.received.clear()
    assert len(session.exec(select(m.Notification)).all()) == 3


def test_a_reminder_due_while_reminders_were_down_is_sent_once_counting_the_days_left(
    run, campaign, session, smtp
):
    run("2024-01-01 00:00")
    # Down from New Year until 20 February: the 28- and 7-day reminders fell due meanwhile.
    run("2024-02-20 12:00")
    assert len(smtp.received) == 2  # one e-mail each, not one per missed reminder
    assert smtp.received[0].subject == f"Reminder: {TITLE} in 3 days (23 February 2024)"
    assert {d.offset_days for d in deliveries(session)} == {7}
    run("2024-02-20 12:05")
    assert len(smtp.received) == 2


def test_a_reminder_due_while_down_is_recorded_missed_once_the_date_has_passed(
    run, campaign, session, smtp
):
    run("2024-02-16 09:00")  # the 7-day reminder went out
    smtp.received.clear()
    # Down from the 20th to the 26th: the 1-day reminder fell due and the consultation closed.
    run("2024-02-20 12:00")
    result = run("2024-02-26 10:00")
    assert smtp.received == []
    assert "3 missed" in result.output
    missed = deliveries(session, status=m.DeliveryStatus.MISSED)
    assert {(d.offset_days, d.recipient) for d in missed} == {
        (1, "owner@example.org"),
        (1, "team@example.org"),
        (1, "team"),
    }
    assert all("milestone has passed" in d.note for d in missed)
    assert "0 missed" in run("2024-02-27 10:00").output  # recorded once


def test_nothing_is_sent_or_missed_for_what_fell_due_before_reminders_first_ran(
    run, campaign, make, session, smtp
):
    make.milestone(title="Long past", milestone_date=date(2023, 6, 1))
    run("2024-02-27 10:00")  # the first pass ever: the consultation closed four days ago
    assert smtp.received == []
    assert deliveries(session) == []


def test_month_and_year_dates_get_no_reminders(run, make, session, smtp):
    make.milestone(milestone_date=date(2024, 3, 1), date_precision=m.DatePrecision.MONTH)
    make.milestone(milestone_date=date(2024, 1, 1), date_precision=m.DatePrecision.YEAR)
    run("2024-01-01 00:00")
    run("2024-02-29 09:00")
    assert smtp.received == []
    assert deliveries(session) == []


def test_done_and_archived_milestones_and_no_reminder_days_get_none(run, make, session, smtp):
    make.milestone(milestone_date=date(2024, 2, 23), done_at=at("2024-02-01 12:00"))
    make.milestone(milestone_date=date(2024, 2, 23), archived_at=at("2024-02-01 12:00"))
    make.milestone(milestone_date=date(2024, 2, 23), reminder_offsets="")
    run("2024-02-22 09:00")
    assert deliveries(session) == []


def test_without_smtp_the_e_mail_is_logged_and_the_notification_still_created(
    app, run, campaign, session, smtp, caplog
):
    app.config["SMTP_HOST"] = ""
    caplog.set_level("INFO", logger="campaign.reminders.mail")
    run("2024-02-16 09:00")
    assert smtp.received == []
    logged = [r for r in caplog.records if r.name == "campaign.reminders.mail"]
    assert len(logged) == 2
    assert "team@example.org" in {r.args[0] for r in logged}
    assert all(f"Reminder: {TITLE} in 7 days" in r.getMessage() for r in logged)
    emails = deliveries(session, channel=m.DeliveryChannel.EMAIL)
    assert {d.status for d in emails} == {m.DeliveryStatus.SENT}
    assert all("written to the log" in d.note for d in emails)
    assert session.exec(select(m.Notification)).one().title == f"{TITLE} in 7 days"


def test_the_command_rejects_a_bad_time(runner):
    result = runner.invoke(args=["send-due-reminders", "--now", "next tuesday"])
    assert result.exit_code == 2
    assert "not an ISO date-time" in result.output


def test_a_time_without_an_offset_is_uk_time(app, campaign, session, smtp):
    # 8 am UTC on 1 July is 9 am in London (BST).
    milestone = campaign
    milestone.milestone_date = date(2024, 7, 8)
    session.add(milestone)
    session.commit()
    result = app.test_cli_runner().invoke(args=["send-due-reminders", "--now", "2024-07-01T09:00"])
    assert "Reminders at 2024-07-01T08:00:00+00:00" in result.output
    assert len(smtp.received) == 2
