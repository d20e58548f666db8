"""One bad row never stops the other reminders (issue 12, finding 4).

Old rows may hold text the forms now refuse (a title or an owner's address with a line break,
from before single-line validation or straight from the database). A reminder pass must still
deliver every other reminder, exactly once, and record what happened to the bad one.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert
from sqlmodel import select

from campaign import models as m
from campaign.reminders.content import Message
from campaign.reminders.deliveries import Deliverer, Planned
from campaign.reminders.mailer import SendError, mailer_for
from campaign.reminders.planning import Reminder, ReminderSettings
from tests.reminders.conftest import at, deliveries

CLOSES = date(2024, 2, 23)
BROKEN_TITLE = "Online Safety Act codes\r\nBcc: leak@example.net\u2028laid"


def _old_milestone(session, **values) -> int:
    """A milestone written straight to the table, as an old row would be: no form, no
    validation."""
    row = {
        "kind": m.MilestoneKind.CONSULTATION_CLOSES,
        "milestone_date": CLOSES,
        "date_precision": m.DatePrecision.DAY,
        "reminder_offsets": "7",
        **values,
    }
    ident = session.execute(insert(m.Milestone.__table__).values(**row)).inserted_primary_key[0]
    session.commit()
    return ident


def test_a_title_with_a_line_break_does_not_stop_the_other_reminders(run, make, session, smtp):
    first = make.milestone(title="Ofcom statement", milestone_date=CLOSES, reminder_offsets="7")
    broken = _old_milestone(session, key="broken-title", title=BROKEN_TITLE)
    last = make.milestone(title="Home Office reply", milestone_date=CLOSES, reminder_offsets="7")

    result = run("2024-02-16 09:00")

    assert "6 sent, 0 failed" in result.output  # 3 milestones × (team e-mail + in-app)
    subjects = sorted(r.subject for r in smtp.received)
    assert subjects == [
        "Reminder: Home Office reply in 7 days (23 February 2024)",
        "Reminder: Ofcom statement in 7 days (23 February 2024)",
        # The line breaks are folded to spaces: one line, no injected header.
        "Reminder: Online Safety Act codes Bcc: leak@example.net laid in 7 days (23 February 2024)",
    ]
    assert all(r.rcpt_tos == ["team@example.org"] for r in smtp.received)
    assert all(r.message["Bcc"] is None for r in smtp.received)
    for milestone_id in (first.id, broken, last.id):
        rows = deliveries(session, milestone_id=milestone_id)
        assert [(d.channel, d.status, d.attempts) for d in rows] == [
            (m.DeliveryChannel.IN_APP, m.DeliveryStatus.SENT, 1),
            (m.DeliveryChannel.EMAIL, m.DeliveryStatus.SENT, 1),
        ], milestone_id
    titles = sorted(n.title for n in session.exec(select(m.Notification)))
    assert titles[2] == "Online Safety Act codes Bcc: leak@example.net laid in 7 days"

    # Exactly once: a second pass sends nothing again.
    again = run("2024-02-16 09:30")
    assert "0 sent" in again.output and len(smtp.received) == 3


def test_an_address_that_cannot_be_sent_to_is_recorded_failed_and_the_rest_go_out(
    run, make, session, smtp, client
):
    # An owner's address with a line break (an old row: the form and the API refuse it now).
    ask = make.ask(title="Age checks", slug="age-checks", owner_email="owner@example.org\r\nx")
    first = make.milestone(title="Consultation closes", milestone_date=CLOSES, reminder_offsets="7")
    make.link(m.AskMilestone(ask_id=ask.id, milestone_id=first.id))
    other = make.milestone(title="Statement due", milestone_date=CLOSES, reminder_offsets="7")

    result = run("2024-02-16 09:00", expect_exit=1)  # a failure: cron mails the output

    assert "4 sent, 1 failed" in result.output
    assert sorted(r.subject for r in smtp.received) == [
        "Reminder: Consultation closes in 7 days (23 February 2024)",
        "Reminder: Statement due in 7 days (23 February 2024)",
    ]
    assert [r.rcpt_tos for r in smtp.received] == [["team@example.org"]] * 2
    (bad,) = deliveries(session, status=m.DeliveryStatus.FAILED)
    assert bad.milestone_id == first.id and bad.recipient == "owner@example.org\r\nx"
    assert "line break" in bad.last_error
    assert bad.next_attempt_at is None  # permanent: no retry can send to that address
    sent = deliveries(session, status=m.DeliveryStatus.SENT)
    assert {(d.milestone_id, d.channel) for d in sent} == {
        (first.id, m.DeliveryChannel.EMAIL),
        (first.id, m.DeliveryChannel.IN_APP),
        (other.id, m.DeliveryChannel.EMAIL),
        (other.id, m.DeliveryChannel.IN_APP),
    }
    # The delivery log shows it, with its error.
    page = client.get("/deliveries/?status=failed").get_data(as_text=True)
    assert "Consultation closes" in page and "line break" in page

    again = run("2024-02-16 09:30")
    assert "0 sent, 0 failed" in again.output and len(smtp.received) == 2


def test_an_e_mail_whose_content_cannot_be_built_fails_alone(app, make, session, smtp):
    """A fault in building one message (a template or data error) is recorded as that
    delivery's failure; the e-mails after it in the same batch still go out."""
    settings = ReminderSettings.from_config(app.config)
    now = at("2024-02-16 09:00")
    good = make.milestone(title="Good", milestone_date=CLOSES)
    bad = make.milestone(title="Bad", milestone_date=CLOSES)
    later = make.milestone(title="Later", milestone_date=CLOSES)

    def planned(milestone, message):
        reminder = Reminder(m.DeliveryKind.MILESTONE, milestone.id, 7, CLOSES, now)
        return Planned(reminder, ["team@example.org"], message)

    def ok(title):
        return lambda: Message(subject=title, title=title, body="", path="/", text=title, html="")

    def broken():
        raise KeyError("organisation")

    with app.app_context():
        deliverer = Deliverer(session, now=now, mailer=mailer_for(app.config), settings=settings)
        deliverer.send(
            [planned(good, ok("Good")), planned(bad, broken), planned(later, ok("Later"))]
        )

    assert sorted(r.subject for r in smtp.received) == ["Good", "Later"]
    assert deliverer.summary.failed == 2  # the bad one's e-mail and its in-app notification
    failed = deliveries(session, status=m.DeliveryStatus.FAILED)
    assert {(d.milestone_id, d.channel) for d in failed} == {
        (bad.id, m.DeliveryChannel.EMAIL),
        (bad.id, m.DeliveryChannel.IN_APP),
    }
    assert all("could not be built" in d.last_error and "KeyError" in d.last_error for d in failed)
    assert {d.milestone_id for d in deliveries(session, status=m.DeliveryStatus.SENT)} == {
        good.id,
        later.id,
    }


def test_the_mailer_turns_an_unbuildable_e_mail_into_its_own_failure(app, smtp):
    """Inside the mailer too: an e-mail that cannot be made (here a subject Python's e-mail
    package refuses) is a SendError for that e-mail, and the connection sends the next."""
    mailer = mailer_for(app.config)
    unbuildable = Message(subject="Lone \ud800", title="", body="", path="/", text="", html="")
    fine = Message(subject="Fine", title="", body="", path="/", text="Fine", html="<p>Fine</p>")
    with mailer.connection() as send:
        try:
            send("team@example.org", unbuildable)
        except SendError as exc:
            error = exc
        assert send("team@example.org", fine) == ""
    assert "could not be built: UnicodeEncodeError" in str(error) and not error.permanent
    assert [r.subject for r in smtp.received] == ["Fine"]


def test_the_mailer_never_sends_to_an_address_with_a_line_break(app, smtp):
    with mailer_for(app.config).connection() as send:
        message = Message(subject="S", title="", body="", path="/", text="T", html="")
        with pytest.raises(SendError, match="holds a line break") as refused:
            send("owner@example.org\nRCPT TO:<x@example.net>", message)
    assert refused.value.permanent and smtp.received == []
