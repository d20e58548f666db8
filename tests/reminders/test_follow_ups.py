"""A sent letter with "reply expected by" gets one follow-up that day, unless they replied."""

from __future__ import annotations

from datetime import date

import pytest

from campaign import models as m
from campaign.reminders import jobs
from tests.reminders.conftest import deliveries


@pytest.fixture
def letter(make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Age checks that work", slug="age-checks", owner_email="asks@example.org")
    letter = make.response(
        organisation=ofcom,
        title="Our letter on age checks",
        direction=m.ResponseDirection.SENT,
        channel=m.ResponseChannel.LETTER,
        response_date=date(2024, 2, 1),
        reply_expected_by=date(2024, 3, 1),
    )
    make.link(m.ResponseAsk(response_id=letter.id, ask_id=ask.id))
    return letter


def test_a_follow_up_goes_out_on_the_date_when_no_reply_is_logged(run, letter, session, smtp):
    run("2024-01-01 00:00")
    run("2024-03-01 08:59")
    assert smtp.received == []
    run("2024-03-01 09:00")
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == ["asks@example.org", "team@example.org"]
    mail = smtp.received[0]
    assert mail.subject == (
        "Follow-up: no reply yet from Ofcom to “Our letter on age checks” "
        "(expected by 1 March 2024)"
    )
    text = mail.part("plain")
    assert "on 1 February 2024" in text and "expected by 1 March 2024 (today)" in text
    assert f"http://localhost/responses/{letter.id}" in text
    assert "- Age checks that work: http://localhost/asks/age-checks" in text
    assert f'href="http://localhost/responses/{letter.id}"' in mail.part("html")
    sent = deliveries(session, kind=m.DeliveryKind.FOLLOW_UP)
    assert {(d.recipient, d.status) for d in sent} == {
        ("asks@example.org", m.DeliveryStatus.SENT),
        ("team@example.org", m.DeliveryStatus.SENT),
        ("team", m.DeliveryStatus.SENT),
    }
    run("2024-03-02 09:00")
    assert len(smtp.received) == 2


def test_no_follow_up_when_they_replied(run, letter, make, session, smtp):
    make.response(
        organisation_id=letter.organisation_id,
        title="Ofcom's reply",
        direction=m.ResponseDirection.RECEIVED,
        response_date=date(2024, 2, 20),
    )
    run("2024-01-01 00:00")
    result = run("2024-03-01 09:00")
    assert smtp.received == []
    assert "3 cancelled" in result.output
    recorded = deliveries(session, kind=m.DeliveryKind.FOLLOW_UP)
    assert {d.status for d in recorded} == {m.DeliveryStatus.CANCELLED}
    assert all(d.note.startswith("Not needed") for d in recorded)


def test_a_reply_from_another_organisation_does_not_count(run, letter, make, smtp):
    make.response(direction=m.ResponseDirection.RECEIVED, response_date=date(2024, 2, 20))
    run("2024-01-01 00:00")
    run("2024-03-01 09:00")
    assert len(smtp.received) == 2


def test_a_follow_up_due_while_reminders_were_down_is_sent_when_they_restart(run, letter, smtp):
    run("2024-02-01 00:00")
    run("2024-03-05 12:00")
    assert len(smtp.received) == 2
    assert "(4 days ago)" in smtp.received[0].part("plain")


def test_a_reply_date_already_past_when_reminders_first_ran_gets_no_follow_up(
    run, letter, session, smtp
):
    run("2024-03-05 12:00")
    assert smtp.received == []
    assert deliveries(session) == []


def test_the_follow_up_job_checks_for_a_reply_when_it_runs(app, clock, letter, make, smtp):
    clock.set("2024-03-01 09:00")
    make.response(
        organisation_id=letter.organisation_id,
        direction=m.ResponseDirection.RECEIVED,
        response_date=date(2024, 3, 1),
    )
    summary = jobs.run_follow_up(letter.id)
    assert (summary.sent, summary.cancelled) == (0, 3)
    assert smtp.received == []


def test_the_follow_up_job_sends_when_no_reply_and_not_before_its_time(app, clock, letter, smtp):
    clock.set("2024-02-29 09:00")
    assert jobs.run_follow_up(letter.id).sent == 0
    clock.set("2024-03-01 09:00")
    assert jobs.run_follow_up(letter.id).sent == 3
    assert jobs.run_follow_up(letter.id).skipped == 3
    assert len(smtp.received) == 2
