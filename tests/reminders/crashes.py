"""Killing a real `flask send-due-reminders` process with SIGKILL in the middle of a pass.

`crash_run(...)` sets up `milestones` milestones due now, each reminding `per_milestone` e-mail
addresses (so milestones × per_milestone e-mails), then runs the command as a separate process
against the real SMTP sink. The sink kills the process with SIGKILL while it is receiving the
e-mail number N (before it answers 250: the worst moment, the e-mail has arrived but the sender
cannot know), at each N from a fixed-seed RNG; after each kill the next run starts once the
killed process's claims have gone stale (DELIVERY_CLAIM_SECONDS=1, so a real wait of about a
second). The last run is left to finish. Used by test_crash_recovery.py, and with the issue's
full figures (1,000 e-mails, 10 kills) by `python -m bench --only crashes`.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, func, select

from campaign import models as m
from campaign.clock import UK
from campaign.settings import PROJECT_ROOT

TIMEOUT = 120  # seconds for one process: generous for a loaded machine


@dataclass
class Outcome:
    expected: int
    kills: list[int]  # the e-mail number (counted over all runs) at which each kill came
    counts: collections.Counter = field(default_factory=collections.Counter)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    seconds: float = 0.0

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.counts.values() if n > 1)

    @property
    def lost(self) -> int:
        return self.expected - len(self.counts)


def kill_points(emails: int, kills: int, seed: int) -> list[int]:
    """`kills` distinct e-mail numbers in 1..emails-1, ascending, the same every day."""
    return sorted(random.Random(seed).sample(range(1, emails), kills))


def add_milestones(session, *, milestones: int, per_milestone: int) -> None:
    """Milestones 3 days ahead whose 7-day reminder fell due: each is sent on the first pass,
    to per_milestone - 1 addresses of its own and the team address."""
    ahead = datetime.now(UK).date() + timedelta(days=3)
    now = datetime.now(UTC)
    session.add_all(
        m.Milestone(
            key=f"crash-{n}",
            title=f"Consultation {n} closes",
            milestone_date=ahead,
            kind=m.MilestoneKind.CONSULTATION_CLOSES,
            reminder_offsets="7",
            reminder_recipients=", ".join(
                f"officer{n}-{k}@example.org" for k in range(per_milestone - 1)
            ),
            created_at=now,
            updated_at=now,
        )
        for n in range(milestones)
    )
    session.commit()


def command(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "campaign", "send-due-reminders"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_stale_claims(database_url: str) -> None:
    """Until the wall clock passes every pending claim's next attempt (a real wait: the next
    process runs in real time)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            latest = connection.execute(
                select(func.max(m.Delivery.next_attempt_at)).where(
                    m.Delivery.status == m.DeliveryStatus.PENDING
                )
            ).scalar()
    finally:
        engine.dispose()
    if latest is not None:
        latest = latest if latest.tzinfo else latest.replace(tzinfo=UTC)
        wait = (latest - datetime.now(UTC)).total_seconds() + 0.05
        assert wait < 10, f"a claim is pending until {latest}"
        if wait > 0:
            time.sleep(wait)


def crash_run(
    *, database_url: str, smtp, smtp_config: dict, emails: int, kills: int, seed: int
) -> Outcome:
    """Run the pass, killing it at `kills` seeded points, then let it finish. The SMTP sink
    (tests/reminders/conftest.py's handler) gets a `before_answer` hook that does the kill."""
    points = kill_points(emails, kills, seed)
    outcome = Outcome(expected=emails, kills=points)
    env = {
        **os.environ,
        **{key: str(value) for key, value in smtp_config.items()},
        "DATABASE_URL": database_url,
        "REMINDERS_TO": "team@example.org",
        "DELIVERY_CLAIM_SECONDS": "1",
        "FLASK_SKIP_DOTENV": "1",
        "PYTHONWARNINGS": "error",
    }
    started = time.perf_counter()
    for point in [*points, None]:
        wait_for_stale_claims(database_url)
        process = command(env)

        def before_answer(count: int, process=process, point=point) -> None:
            if count == point:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=TIMEOUT)  # dead before the sink answers

        smtp.before_answer = before_answer
        try:
            _, err = process.communicate(timeout=TIMEOUT)
        finally:
            if process.poll() is None:  # it hung: leave no process behind
                process.kill()
                process.communicate()
        if point is None:
            assert process.returncode == 0, err
        else:
            assert process.returncode == -signal.SIGKILL, err
    smtp.before_answer = None
    outcome.seconds = time.perf_counter() - started
    outcome.counts.update((r.rcpt_tos[0], r.subject) for r in smtp.received)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            outcome.statuses.update(
                dict(
                    connection.execute(
                        select(m.Delivery.status, func.count())
                        .where(m.Delivery.channel == m.DeliveryChannel.EMAIL)
                        .group_by(m.Delivery.status)
                    ).all()
                )
            )
    finally:
        engine.dispose()
    return outcome
