"""(issue 13) Kills mid-pass: a real `flask send-due-reminders` process sending 1,000 e-mails
(250 milestones × 4 addresses) to a real SMTP sink on loopback, killed with SIGKILL at 10
points drawn from random.Random(13), each time while the sink holds an e-mail it has not yet
acknowledged, then run again until the pass completes. The same scenario as
tests/reminders/test_crash_recovery.py (100 e-mails, 3 kills), at the issue's full figures.

The value is the number of e-mails received twice (target: at most one per kill); an e-mail
lost makes the row an error.
"""

from __future__ import annotations

from sqlmodel import Session

from bench.registry import Reading, measurement
from campaign.db import get_engine
from tests.reminders.conftest import Handler, LoopbackController
from tests.reminders.crashes import add_milestones, crash_run

EMAILS = 1_000
KILLS = 10
SEED = 13


@measurement(
    "crashes.kill-1000x10",
    target=KILLS,
    unit="e-mails",
    description=f"{EMAILS:,}-e-mail pass killed (SIGKILL) at {KILLS} seeded points and rerun: "
    "e-mails received twice (≤ 1 per kill; 0 lost)",
)
def kill_and_rerun(ctx) -> Reading:
    app = ctx.fresh_app()
    with app.app_context():
        engine = get_engine()
        url = engine.url.render_as_string(hide_password=False)
        with Session(engine) as session:
            add_milestones(session, milestones=EMAILS // 4, per_milestone=4)
    handler = Handler()
    controller = LoopbackController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        outcome = crash_run(
            database_url=url,
            smtp=handler,
            smtp_config={
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": controller.port,
                "SMTP_SECURITY": "none",
                "SMTP_TIMEOUT": 5,
                "MAIL_FROM": "Campaign <campaign@example.org>",
            },
            emails=EMAILS,
            kills=KILLS,
            seed=SEED,
        )
    finally:
        controller.stop()
    if outcome.lost:
        raise RuntimeError(f"{outcome.lost} e-mails lost: {outcome}")
    return Reading(
        outcome.duplicates,
        detail=f"0 lost; kills at {outcome.kills}; {outcome.seconds:.0f} s in all",
        extra={"kills": outcome.kills, "lost": outcome.lost, "seconds": outcome.seconds},
    )
