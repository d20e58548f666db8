"""A real `send-due-reminders` process killed with SIGKILL mid-pass, then run again: each kill
sends at most one e-mail twice (the one in flight) and loses none (crashes.py does the work).
The issue's full figures (1,000 e-mails, 10 kills) run in `python -m bench --only crashes`."""

from __future__ import annotations

from campaign import models as m
from tests.reminders.crashes import add_milestones, crash_run

EMAILS = 100  # 25 milestones × 4 addresses
KILLS = 3
SEED = 13  # kill points from random.Random(SEED): the same every day


def test_a_kill_mid_pass_resends_at_most_the_e_mail_in_flight(
    database_url, session, smtp, smtp_config
):
    add_milestones(session, milestones=EMAILS // 4, per_milestone=4)
    outcome = crash_run(
        database_url=database_url,
        smtp=smtp,
        smtp_config=smtp_config,
        emails=EMAILS,
        kills=KILLS,
        seed=SEED,
    )
    assert outcome.lost == 0, outcome
    # Each kill came while the sink held an e-mail it had not yet acknowledged: that one,
    # and only that one, goes again.
    assert outcome.duplicates <= len(outcome.kills), outcome
    assert max(outcome.counts.values()) <= 2, outcome
    assert outcome.statuses == {m.DeliveryStatus.SENT: EMAILS}, outcome
