"""(e) The reminder scheduler's start-up with 10,000 pending reminders, and one due-reminder
pass delivering 10,000 reminders at once (e-mail through a no-op mailer that counts, so SMTP
time is excluded; in-app notifications written for real).

Milestones are written with one Core executemany, like `flask demo-data`: the measurements
are about the scheduler, not about building the data.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from time import perf_counter

from flask import Flask
from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from bench.registry import Reading, measurement
from campaign.clock import UK
from campaign.db import get_engine
from campaign.models import (
    Ask,
    AskMilestone,
    DatePrecision,
    Delivery,
    Milestone,
    MilestoneKind,
    Notification,
)
from campaign.reminders import passes
from campaign.reminders.planning import ReminderSettings
from campaign.reminders.scheduler import ReminderScheduler

PENDING = 10_000
OFFSETS = (28, 7, 1)  # the default REMINDER_OFFSETS
ASKS = 50


def _milestones(app: Flask, dates: list[date], *, offsets: str | None, owners: bool) -> None:
    """Insert one day-precision milestone per date, each linked to one of ASKS asks (whose
    owners, if `owners`, get the reminders too)."""
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now}
    with app.app_context(), Session(get_engine()) as session:
        session.exec(
            insert(Ask),
            params=[
                {
                    "slug": f"bench-ask-{n}",
                    "title": f"Bench ask {n}",
                    "status": "active",
                    "owner_email": f"owner{n}@example.org" if owners else None,
                    **stamp,
                }
                for n in range(ASKS)
            ],
        )
        session.exec(
            insert(Milestone),
            params=[
                {
                    "key": f"bench-milestone-{n:05}",
                    "title": f"Bench consultation {n} closes",
                    "milestone_date": day,
                    "date_precision": DatePrecision.DAY,
                    "kind": MilestoneKind.CONSULTATION_CLOSES,
                    "is_planned": False,
                    "description": "",
                    "reminder_offsets": offsets,
                    "reminder_recipients": "",
                    **stamp,
                }
                for n, day in enumerate(dates)
            ],
        )
        ask_ids = list(session.exec(select(Ask.id).order_by(Ask.id)).scalars())
        milestone_ids = list(session.exec(select(Milestone.id).order_by(Milestone.id)).scalars())
        session.exec(
            insert(AskMilestone),
            params=[
                {"ask_id": ask_ids[n % ASKS], "milestone_id": ident, "note": ""}
                for n, ident in enumerate(milestone_ids)
            ],
        )
        session.commit()


def _timed_start(app: Flask):
    """Start-up as `flask scheduler` does it (catch-up pass, full resync, APScheduler start),
    in a background thread so it can be stopped; returns (seconds, StartUp)."""
    scheduler = ReminderScheduler(app)
    started = perf_counter()
    result = scheduler.start_up()
    scheduler.start()
    seconds = perf_counter() - started
    scheduler.shutdown(wait=True)
    return seconds, result


MILESTONES = -(-PENDING // len(OFFSETS))  # 3,334 milestones × 3 offsets = 10,002 reminders
SETTINGS = {"REMINDERS_TO": "team@example.org"}


def _startup_app(ctx) -> Flask:
    app = ctx.fresh_app()
    app.config.update(SETTINGS)
    today = datetime.now(UK).date()
    # Every reminder in the future: dates from 30 days ahead, spread over a year.
    dates = [today + timedelta(days=30 + n % 365) for n in range(MILESTONES)]
    _milestones(app, dates, offsets=None, owners=True)
    return app


@measurement(
    "scheduler.startup",
    target=2.0,
    description=f"Scheduler start-up with {MILESTONES * len(OFFSETS):,} pending reminders, "
    "empty job store (catch-up pass + full resync writing every job + APScheduler start)",
)
def scheduler_startup(ctx) -> Reading:
    app = _startup_app(ctx)
    seconds, result = _timed_start(app)
    return Reading(
        seconds,
        detail=f"{result.synced.added:,} jobs written",
        extra={"jobs": result.synced.added},
    )


@measurement(
    "scheduler.startup-in-sync",
    target=2.0,
    description=f"Scheduler restart with {MILESTONES * len(OFFSETS):,} pending reminders "
    "already in the job store (the resync compares and writes nothing)",
)
def scheduler_restart(ctx) -> Reading:
    app = _startup_app(ctx)
    _timed_start(app)
    seconds, result = _timed_start(app)
    return Reading(
        seconds,
        detail=f"{result.synced.unchanged:,} jobs unchanged",
        extra={"unchanged": result.synced.unchanged},
    )


class CountingMailer:
    """Stands in for SMTP: counts the e-mails and sends nothing. It renders each reminder's
    bodies as the SMTP mailer would (once per reminder, shared by its recipients) and keeps
    that time apart, so the reading can leave it out with the rest of the SMTP work while the
    detail still shows it."""

    def __init__(self):
        self.sent = 0
        self.rendering = 0.0

    @contextmanager
    def connection(self):
        def send(to, message):
            started = perf_counter()
            message.text, message.html  # noqa: B018  (rendered on first access)
            self.rendering += perf_counter() - started
            self.sent += 1
            return ""

        yield send


def _pass(ctx, app: Flask, now: datetime):
    """Time one pass at `now`, then the next pass a minute later (everything already done)."""
    settings = ReminderSettings.from_config({**app.config, **SETTINGS})
    mailer = CountingMailer()
    with app.app_context(), Session(get_engine()) as session:
        started = perf_counter()
        summary = passes.run_pass(session, now=now, mailer=mailer, settings=settings)
        seconds = perf_counter() - started - mailer.rendering
        rendering = mailer.rendering
        if ctx.backend == "postgresql":
            # The table went from empty to tens of thousands of rows in a second; autovacuum
            # would analyse it before the scheduler's next pass, a minute later.
            session.exec(text("ANALYZE deliveries"))
            session.commit()
        started = perf_counter()
        repeat = passes.run_pass(
            session, now=now + timedelta(minutes=1), mailer=mailer, settings=settings
        )
        again = perf_counter() - started
        notifications = session.scalar(select(func.count()).select_from(Notification))
        deliveries = session.scalar(select(func.count()).select_from(Delivery))
    if repeat.sent or mailer.sent + notifications != summary.sent:
        raise RuntimeError(f"expected every delivery once: {summary}; then {repeat}")
    return seconds, again, rendering, mailer.sent, notifications, deliveries, summary


@measurement(
    "reminders.due-pass",
    # 6,668 e-mails, each result its own commit (issue 13: at most one duplicate per crash):
    # about 0.5 ms per e-mail. Was 1 s for the batched design that could duplicate 500.
    target=5.0,
    description=f"One send-due-reminders pass when all {MILESTONES * len(OFFSETS):,} pending "
    "reminders are due at once (each milestone's latest is sent; no-op mailer: SMTP and "
    "e-mail body rendering excluded)",
)
def due_pass(ctx) -> Reading:
    app = ctx.fresh_app()
    closes = date(2027, 3, 1)
    _milestones(app, [closes] * MILESTONES, offsets=None, owners=True)
    now = datetime(2027, 2, 28, 9, tzinfo=UTC)  # the 1-day reminder's time: all three due
    seconds, again, rendering, emails, notifications, deliveries, summary = _pass(ctx, app, now)
    return Reading(
        seconds,
        detail=f"{MILESTONES:,} reminders sent (older ones superseded): {emails:,} e-mails + "
        f"{notifications:,} notifications; e-mail bodies +{rendering * 1000:.0f} ms; "
        f"next pass {again * 1000:.0f} ms",
        extra={
            "deliveries": deliveries,
            "rendering_seconds": rendering,
            "repeat_pass_seconds": again,
            "summary": str(summary),
        },
    )


@measurement(
    "reminders.due-pass-10k-sent",
    description=f"Stress: {PENDING:,} milestones with one reminder each, all sent in one pass "
    "(e-mail to the team address + in-app; no-op mailer)",
)
def due_pass_all_sent(ctx) -> Reading:
    app = ctx.fresh_app()
    _milestones(app, [date(2027, 3, 1)] * PENDING, offsets="7", owners=False)
    now = datetime(2027, 2, 22, 9, tzinfo=UTC)  # 9 am GMT, seven days before
    seconds, again, rendering, emails, notifications, deliveries, summary = _pass(ctx, app, now)
    return Reading(
        seconds,
        detail=f"{emails:,} e-mails + {notifications:,} notifications "
        f"({deliveries / seconds:,.0f} deliveries/s); e-mail bodies +{rendering * 1000:.0f} ms; "
        f"next pass {again * 1000:.0f} ms",
        extra={
            "deliveries": deliveries,
            "rendering_seconds": rendering,
            "repeat_pass_seconds": again,
            "summary": str(summary),
        },
    )
