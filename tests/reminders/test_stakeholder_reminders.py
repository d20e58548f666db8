"""Reminders about people's business (issue 18), through the real `send-due-reminders` command
and a real SMTP server, with the clock injected: a follow-up action due, a stance to re-check,
a commitment late. Friday 1 March 2024 is in GMT (09:00 UK = 09:00 UTC); June is in BST
(09:00 UK = 08:00 UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.reminders import jobs
from tests.reminders.conftest import deliveries, job_rows
from tests.support.stakeholder_rows import StakeholderRows

DUE = date(2024, 3, 1)  # a Friday


@pytest.fixture
def rows(session):
    return StakeholderRows(session)


@pytest.fixture
def ask(make):
    return make.ask(title="Age checks that work", slug="age-checks", owner_email="asks@example.org")


@pytest.fixture
def meeting(rows):
    officer = rows.user(email="sam@example.org", name="Sam Officer")
    mp = rows.person(name="Jane Smith MP", key="jane-smith")
    minister = rows.person(name="Alex Minister", key="alex-minister")
    interaction = rows.interaction(
        title="Meeting with Jane Smith MP",
        key="meeting-jane-smith",
        people=[mp, minister],
        users=[officer],
    )
    action = rows.action(
        interaction, description="Send Jane the evidence pack", owner_id=officer.id, due_on=DUE
    )
    return interaction, action


def notifications(session) -> list[m.Notification]:
    session.expire_all()
    return list(session.exec(select(m.Notification).order_by(m.Notification.id)))


def test_an_action_s_owner_is_reminded_on_the_due_day_once(run, meeting, session, smtp):
    interaction, action = meeting
    run("2024-02-01 00:00")
    run("2024-03-01 08:59")
    assert smtp.received == []
    run("2024-03-01 09:00")
    assert [r.rcpt_tos for r in smtp.received] == [["sam@example.org"]]  # not the team too
    mail = smtp.received[0]
    assert mail.subject == "Action due today: Send Jane the evidence pack (1 March 2024)"
    text = mail.part("plain")
    assert "Due: Friday 1 March 2024 (today)" in text
    assert "Owner: Sam Officer" in text
    assert "From: Meeting with Jane Smith MP, on 1 February 2024" in text
    assert "With: Alex Minister, Jane Smith MP" in text
    assert "Open the interaction: http://localhost/interactions/meeting-jane-smith" in text
    assert 'href="http://localhost/interactions/meeting-jane-smith"' in mail.part("html")

    (note,) = notifications(session)
    assert note.title == "Action due today: Send Jane the evidence pack"
    assert note.link == "/interactions/meeting-jane-smith"
    assert "Owner: Sam Officer" in note.body and "Jane Smith MP" in note.body

    made = deliveries(session)
    assert {(d.kind, d.subject, d.milestone_id, d.response_id) for d in made} == {
        (m.DeliveryKind.ACTION_DUE, f"action:{action.id}", None, None)
    }
    assert {(d.channel, d.recipient, d.status) for d in made} == {
        (m.DeliveryChannel.EMAIL, "sam@example.org", m.DeliveryStatus.SENT),
        (m.DeliveryChannel.IN_APP, "team", m.DeliveryStatus.SENT),
    }
    assert {d.target_date for d in made} == {DUE}

    result = run("2024-03-01 09:00")  # again, and the next day: nothing twice
    run("2024-03-02 09:00")
    assert len(smtp.received) == 1 and len(notifications(session)) == 1
    assert "0 sent" in result.output


def test_an_action_without_an_owner_goes_to_the_team_address(run, rows, session, smtp):
    interaction = rows.interaction(title="Call with Ofcom", key="call-ofcom")
    rows.action(interaction, description="Write up the call", due_on=DUE)
    gone = rows.user(email="left@example.org", is_active=False)
    rows.action(interaction, description="Chase the minutes", owner_id=gone.id, due_on=DUE)
    run("2024-02-01 00:00")
    run("2024-03-01 09:00")
    assert sorted((r.rcpt_tos[0], r.subject) for r in smtp.received) == [
        ("team@example.org", "Action due today: Chase the minutes (1 March 2024)"),
        ("team@example.org", "Action due today: Write up the call (1 March 2024)"),
    ]
    assert "Owner: nobody" in next(
        r.part("plain") for r in smtp.received if "Write up" in r.subject
    )


def test_an_action_due_at_a_weekend_is_reminded_the_working_day_before(run, rows, smtp):
    interaction = rows.interaction()
    owner = rows.user(email="kim@example.org")
    # Monday 1 April 2024 is Easter Monday; Good Friday 29 March: the Thursday before.
    rows.action(
        interaction, description="Reply to DSIT", owner_id=owner.id, due_on=date(2024, 4, 1)
    )
    run("2024-02-01 00:00")
    run("2024-03-27 09:00")
    assert smtp.received == []
    run("2024-03-28 09:00")
    assert [r.subject for r in smtp.received] == [
        "Action due in 4 days: Reply to DSIT (1 April 2024)"
    ]


def test_a_done_action_is_not_reminded(run, meeting, session, smtp):
    _, action = meeting
    action.done_at = datetime(2024, 2, 20, tzinfo=UTC)
    session.add(action)
    session.commit()
    run("2024-02-01 00:00")
    result = run("2024-03-01 09:00")
    assert smtp.received == [] and notifications(session) == []
    assert "2 cancelled" in result.output
    assert {(d.status, d.note) for d in deliveries(session)} == {
        (m.DeliveryStatus.CANCELLED, "Not needed: the action was done.")
    }


def test_an_action_due_while_reminders_were_down_is_sent_when_they_restart(run, meeting, smtp):
    run("2024-02-01 00:00")
    run("2024-03-04 12:00")
    assert [r.subject for r in smtp.received] == [
        "Action due 3 days ago: Send Jane the evidence pack (1 March 2024)"
    ]


def test_nothing_due_before_reminders_first_ran_is_sent(run, meeting, session, smtp):
    run("2024-03-04 12:00")
    assert smtp.received == [] and deliveries(session) == []


def test_a_moved_due_date_gives_a_new_reminder(run, meeting, session, smtp):
    _, action = meeting
    run("2024-02-01 00:00")
    run("2024-03-01 09:00")
    action.due_on = date(2024, 3, 8)
    session.add(action)
    session.commit()
    run("2024-03-08 09:00")
    assert [r.subject.split(": ")[0] for r in smtp.received] == ["Action due today"] * 2
    assert {d.target_date for d in deliveries(session)} == {DUE, date(2024, 3, 8)}


def test_the_ask_owner_is_reminded_to_re_check_a_stance(run, rows, ask, session, smtp):
    mp = rows.person(name="Jane Smith MP", key="jane-smith")
    officer = rows.user(name="Sam Officer")
    stance = rows.stance(
        mp, ask, stance=m.StanceLevel.SCEPTIC, assessed_by_id=officer.id, recheck_by=DUE
    )
    run("2024-02-01 00:00")
    run("2024-03-01 08:59")
    assert smtp.received == []
    run("2024-03-01 09:00")
    (mail,) = smtp.received
    assert mail.rcpt_tos == ["asks@example.org"]
    assert mail.subject == (
        "Re-check stance: Jane Smith MP on “Age checks that work” (re-check by 1 March 2024)"
    )
    text = mail.part("plain")
    assert "Stance now: Sceptic, assessed on 15 January 2024 by Sam Officer" in text
    assert "Ask: Age checks that work: http://localhost/asks/age-checks" in text
    assert "Open the person: http://localhost/people/jane-smith" in text
    (note,) = notifications(session)
    assert note.link == "/people/jane-smith"
    assert note.title == "Re-check Jane Smith MP’s stance on “Age checks that work” (today)"
    assert {d.subject for d in deliveries(session)} == {f"stance:{stance.id}"}
    assert {d.kind for d in deliveries(session)} == {m.DeliveryKind.STANCE_RECHECK}


def test_a_newer_assessment_makes_the_re_check_unnecessary(run, rows, make, session, smtp):
    mp = rows.person()
    unowned = make.ask(title="Unowned ask")
    owned = make.ask(title="Owned ask", owner_email="asks@example.org")
    rows.stance(mp, owned, recheck_by=DUE)
    rows.stance(mp, owned, assessed_on=date(2024, 2, 10), stance=m.StanceLevel.CHAMPION)
    rows.stance(mp, unowned, recheck_by=DUE)  # current: its ask has no owner, the team hears
    run("2024-02-01 00:00")
    run("2024-03-01 09:00")
    assert [(r.rcpt_tos, "Unowned ask" in r.subject) for r in smtp.received] == [
        (["team@example.org"], True)
    ]
    cancelled = deliveries(session, status=m.DeliveryStatus.CANCELLED)
    assert {d.note for d in cancelled} == {"Not needed: a newer assessment was recorded."}
    assert len(cancelled) == 2  # its e-mail and its notification


def test_an_erased_person_s_stance_is_not_re_checked(run, rows, ask, session, smtp):
    gone = rows.person(name="Erased person", erased_at=datetime(2024, 2, 1, tzinfo=UTC))
    rows.stance(gone, ask, recheck_by=DUE)
    run("2024-02-01 00:00")
    run("2024-03-01 09:00")
    assert smtp.received == [] and deliveries(session) == []


@pytest.fixture
def promise(rows, ask, make, session):
    ofcom = make.organisation(name="Ofcom")
    director = rows.person(name="Dana Director", key="dana-director")
    return rows.commitment(
        title="Ofcom will publish the second version of the codes",
        key="ofcom-codes-v2",
        person_id=director.id,
        organisation_id=ofcom.id,
        made_to="the NSPCC",
        due_on=date(2024, 3, 1),
        due_precision=m.DuePrecision.SEASON,  # by spring 2024: due by 31 May 2024
        ask_id=ask.id,
    )


def test_a_commitment_still_open_after_its_due_period_is_reminded_the_day_after(
    run, promise, session, smtp
):
    run("2024-02-01 00:00")
    run("2024-05-31 23:59")
    run("2024-06-01 07:59")  # 08:59 BST
    assert smtp.received == []
    run("2024-06-01 08:00")  # 09:00 BST on Saturday 1 June: not moved to a working day
    (mail,) = smtp.received
    assert mail.rcpt_tos == ["asks@example.org"]
    assert mail.subject == (
        "Commitment late: Dana Director (Ofcom): "
        "“Ofcom will publish the second version of the codes” (due by 31 May 2024)"
    )
    text = mail.part("plain")
    assert "Promised for: spring 2024" in text and "Due by: 31 May 2024 (1 day late)" in text
    assert "Made by: Dana Director (Ofcom) to the NSPCC" in text
    assert "Open the commitment: http://localhost/commitments/ofcom-codes-v2" in text
    (note,) = notifications(session)
    assert note.link == "/commitments/ofcom-codes-v2"
    assert "Ask: Age checks that work." in note.body
    assert {(d.kind, d.subject) for d in deliveries(session)} == {
        (m.DeliveryKind.COMMITMENT_LATE, f"commitment:{promise.id}")
    }
    run("2024-06-02 08:00")
    assert len(smtp.received) == 1


@pytest.mark.parametrize(
    "status", [m.CommitmentStatus.KEPT, m.CommitmentStatus.BROKEN, m.CommitmentStatus.WITHDRAWN]
)
def test_a_settled_commitment_is_not_reminded(run, promise, session, smtp, status):
    promise.status = status
    session.add(promise)
    session.commit()
    run("2024-02-01 00:00")
    run("2024-06-01 08:00")
    assert smtp.received == []
    assert {d.note for d in deliveries(session)} == {
        f"Not needed: the commitment was marked {status.value}."
    }


def test_a_commitment_marked_late_is_still_reminded_and_one_without_an_ask_goes_to_the_team(
    run, rows, make, smtp
):
    rows.commitment(
        title="The minister will write",
        due_on=date(2024, 3, 1),
        status=m.CommitmentStatus.LATE,
    )
    old_ask = make.ask(
        owner_email="former@example.org", archived_at=datetime(2024, 1, 2, tzinfo=UTC)
    )
    rows.commitment(title="Meta will reply", due_on=date(2024, 3, 1), ask_id=old_ask.id)
    run("2024-02-01 00:00")
    run("2024-03-02 09:00")
    assert sorted((r.rcpt_tos, r.subject) for r in smtp.received) == [
        (
            ["team@example.org"],
            "Commitment late: someone: “Meta will reply” (due by 1 March 2024)",
        ),
        (
            ["team@example.org"],
            "Commitment late: someone: “The minister will write” (due by 1 March 2024)",
        ),
    ]


def test_the_scheduler_s_resync_sends_them_once_and_adds_no_jobs(
    app, clock, meeting, session, smtp
):
    """They have no job of their own: the scheduler's resync (a full pass every
    SCHEDULER_RESYNC_SECONDS) sends them, and running it twice sends nothing twice."""
    clock.set("2024-02-01 00:00")
    jobs.resync()
    assert job_rows(session) == {}
    clock.set("2024-03-01 09:00:30")
    jobs.resync()
    jobs.resync()
    assert [r.rcpt_tos for r in smtp.received] == [["sam@example.org"]]
    assert len(deliveries(session)) == 2
