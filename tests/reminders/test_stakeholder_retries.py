"""Stakeholder reminders (issue 18) after a failed e-mail: retried with the same wording while
still wanted, cancelled with the reason once the action is done, the stance re-assessed or the
commitment settled; and the delivery log names what each was about and links to it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from campaign import models as m
from tests.reminders.conftest import deliveries
from tests.responses.helpers import page_text
from tests.support.stakeholder_rows import StakeholderRows

DUE = date(2024, 3, 1)  # a Friday, GMT
REFUSE = "451 4.3.0 Try again later"


@pytest.fixture
def rows(session):
    return StakeholderRows(session)


@pytest.fixture
def records(rows, make):
    """An action, a stance re-check and a commitment, all falling due on 1 March 2024 at 09:00
    (the commitment's due day is 29 February), each with an owner to e-mail."""
    ask = make.ask(title="Age checks that work", slug="age-checks", owner_email="asks@example.org")
    officer = rows.user(email="sam@example.org", name="Sam Officer")
    mp = rows.person(name="Jane Smith MP", key="jane-smith")
    interaction = rows.interaction(title="Meeting with Jane", key="meeting-jane", people=[mp])
    action = rows.action(
        interaction, description="Send the evidence pack", owner_id=officer.id, due_on=DUE
    )
    stance = rows.stance(mp, ask, recheck_by=DUE)
    commitment = rows.commitment(
        title="The minister will write",
        key="minister-will-write",
        person_id=mp.id,
        due_on=date(2024, 2, 29),
        ask_id=ask.id,
    )
    return action, stance, commitment, ask, mp


def emails(session) -> list[m.Delivery]:
    return deliveries(session, channel=m.DeliveryChannel.EMAIL)


def test_a_refused_e_mail_is_retried_with_the_same_wording(run, records, session, smtp):
    run("2024-02-01 00:00")
    smtp.answer = REFUSE
    result = run("2024-03-01 09:00", expect_exit=1)
    assert "3 failed" in result.output and "3 sent" in result.output  # the in-app ones
    assert {(d.status, d.attempts) for d in emails(session)} == {(m.DeliveryStatus.FAILED, 1)}
    smtp.answer = None
    result = run("2024-03-01 09:01")
    assert "3 retried" in result.output and "3 sent" in result.output
    assert sorted(r.subject.split(":")[0] for r in smtp.received) == [
        "Action due today",
        "Commitment late",
        "Re-check stance",
    ]
    assert {(d.status, d.attempts) for d in emails(session)} == {(m.DeliveryStatus.SENT, 2)}


def test_a_retry_no_longer_wanted_is_cancelled_with_the_reason(run, records, rows, session, smtp):
    action, stance, commitment, ask, mp = records
    run("2024-02-01 00:00")
    smtp.answer = REFUSE
    run("2024-03-01 09:00", expect_exit=1)
    smtp.answer = None
    action.done_at = datetime(2024, 3, 1, 9, 0, 30, tzinfo=UTC)
    commitment.status = m.CommitmentStatus.KEPT
    session.add_all([action, commitment])
    session.commit()
    rows.stance(mp, ask, assessed_on=DUE, stance=m.StanceLevel.CHAMPION)
    result = run("2024-03-01 09:01")
    assert "3 cancelled" in result.output
    assert smtp.received == []
    assert {d.subject: d.note for d in emails(session)} == {
        f"action:{action.id}": "Not needed: the action was done.",
        f"stance:{stance.id}": "Not needed: a newer assessment was recorded.",
        f"commitment:{commitment.id}": "Not needed: the commitment was marked kept.",
    }
    assert {d.status for d in emails(session)} == {m.DeliveryStatus.CANCELLED}


def test_a_retry_after_the_date_or_the_owner_changed_is_cancelled(
    run, records, rows, session, smtp
):
    action, stance, commitment, ask, _ = records
    run("2024-02-01 00:00")
    smtp.answer = REFUSE
    run("2024-03-01 09:00", expect_exit=1)
    smtp.answer = None
    action.due_on = date(2024, 3, 8)
    ask.owner_email = "new-owner@example.org"
    session.add_all([action, ask])
    session.commit()
    run("2024-03-01 09:01")
    assert smtp.received == []
    notes = {d.subject: d.note for d in emails(session)}
    assert notes[f"action:{action.id}"] == (
        "Cancelled: the date changed; the reminder follows the new date."
    )
    assert notes[f"stance:{stance.id}"] == "Cancelled: no longer the recipient."
    assert notes[f"commitment:{commitment.id}"] == "Cancelled: no longer the recipient."


def test_the_delivery_log_names_each_reminder_and_links_to_its_record(run, records, app, session):
    action, stance, commitment, *_ = records
    run("2024-02-01 00:00")
    run("2024-03-01 09:00")
    client = app.test_client()
    response = client.get("/deliveries/")
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert '<a href="/interactions/meeting-jane">' in html
    assert "Send the evidence pack (from “Meeting with Jane”)" in text
    assert '<a href="/people/jane-smith">' in html
    assert "Jane Smith MP’s stance on “Age checks that work”" in text
    assert '<a href="/commitments/minister-will-write">' in html
    assert "Jane Smith MP: The minister will write" in text
    assert "(no longer exists)" not in text
    for words in ("Action due", "Stance re-check", "Commitment late"):
        assert words in text
    assert "due 1 March 2024" in text and "re-check by 1 March 2024" in text
    assert "due by 29 February 2024" in text
    filtered = page_text(client.get("/deliveries/?kind=commitment_late"))
    assert "2 deliveries" in filtered and "Send the evidence pack" not in filtered
