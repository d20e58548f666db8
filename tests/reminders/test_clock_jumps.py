"""Time that goes backwards is not a loss: a `send-due-reminders --now` rehearsal in the future
marks nothing missed that is still ahead by the real clock and leaves the watermark at the
real time; a watermark found in the future is brought back; and `--now` is refused while a
scheduler serves the database, unless --force."""

from __future__ import annotations

import os
from datetime import date

from campaign import models as m
from campaign.reminders import passes
from tests.reminders.conftest import deliveries
from tests.reminders.test_scheduler_process import Process


def invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=["send-due-reminders", *args])


def test_a_future_rehearsal_then_real_time_loses_no_reminder(
    app, clock, run, campaign, session, smtp
):
    run("2024-02-10 09:00")  # the 28-day reminder (due 26 January) goes; the watermark is set
    assert len(smtp.received) == 2
    clock.set("2024-02-10 09:05")  # the real clock
    result = invoke(app, "--now", "2024-03-01T09:00+00:00")  # the milestone has passed by then
    assert result.exit_code == 0, result.output
    assert "0 missed" in result.output
    assert passes.covered_until(session) == clock.now  # not the rehearsal's time
    assert deliveries(session, status=m.DeliveryStatus.MISSED) == []

    run("2024-02-16 09:00")  # back to real time: the 7-day reminder
    run("2024-02-22 09:00")  # and the 1-day one
    subjects = sorted((r.rcpt_tos[0], r.subject.split(" closes ")[1]) for r in smtp.received)
    assert subjects == [
        (who, when)
        for who in ("owner@example.org", "team@example.org")
        for when in (
            "in 13 days (23 February 2024)",
            "in 7 days (23 February 2024)",
            "tomorrow (23 February 2024)",
        )
    ]
    sent = {(d.offset_days, d.channel, d.status) for d in deliveries(session)}
    assert sent == {
        (days, channel, m.DeliveryStatus.SENT)
        for days in (28, 7, 1)
        for channel in (m.DeliveryChannel.EMAIL, m.DeliveryChannel.IN_APP)
    }


def test_a_watermark_in_the_future_is_brought_back_to_now(app, run, make, session, smtp):
    letter = make.response(
        organisation=make.organisation(name="Ofcom"),
        title="Our letter on age checks",
        direction=m.ResponseDirection.SENT,
        channel=m.ResponseChannel.LETTER,
        response_date=date(2024, 2, 1),
        reply_expected_by=date(2024, 3, 1),
    )
    session.add(m.AppSetting(key=passes.WATERMARK, value="2024-03-05T09:00:00.000000+00:00"))
    session.commit()
    run("2024-03-01 08:00")
    session.expire_all()
    assert passes.covered_until(session).isoformat() == "2024-03-01T08:00:00+00:00"
    run("2024-03-01 09:00")
    assert [r.rcpt_tos for r in smtp.received] == [["team@example.org"]]
    assert deliveries(session, response_id=letter.id)[0].status == m.DeliveryStatus.SENT


def test_now_is_refused_while_a_scheduler_serves_the_database(
    app, database_url, session, smtp_config
):
    env = {
        **os.environ,
        **{key: str(value) for key, value in smtp_config.items()},
        "DATABASE_URL": database_url,
        "FLASK_SKIP_DOTENV": "1",
        "PYTHONWARNINGS": "error",
    }
    scheduler = Process(env)
    try:
        scheduler.wait_for("Reminder scheduler started")
        covered = passes.covered_until(session)  # by the scheduler's start-up pass
        refused = invoke(app, "--now", "2024-03-01T09:00")
        assert refused.exit_code == 2, refused.output
        assert "Refused: --now" in refused.output
        assert "is serving this database" in refused.output and "--force" in refused.output
        session.expire_all()
        assert passes.covered_until(session) == covered  # nothing ran

        forced = invoke(app, "--now", "2024-03-01T09:00", "--force")
        assert forced.exit_code == 0, forced.output
        assert "Reminders at 2024-03-01T09:00:00+00:00" in forced.output
        assert invoke(app).exit_code == 0  # a pass at the real time is always welcome
    finally:
        assert scheduler.stop() == 0
    accepted = invoke(app, "--now", "2024-03-02T09:00")  # stopped cleanly: its heartbeat went
    assert accepted.exit_code == 0, accepted.output
