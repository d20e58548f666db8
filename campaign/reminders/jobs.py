"""The scheduler's job functions, referenced by the job store as "module:function" strings.

Jobs take ids only, open their own app context and session, read the data as it is now, and
are idempotent: running one twice, or in two processes at once, delivers nothing twice (the
delivery log's unique keys see to that).

The app is the one the scheduler process was started with (`bind`); a job run anywhere else
builds one from the environment.
"""

from __future__ import annotations

import threading

from flask import Flask

from campaign import clock
from campaign.db import session_scope
from campaign.reminders import heartbeat as heartbeats
from campaign.reminders import jobstore, passes, retries
from campaign.reminders.deliveries import Summary
from campaign.reminders.mailer import mailer_for
from campaign.reminders.planning import ReminderSettings, log

_lock = threading.Lock()
_app: Flask | None = None
_scheduler = None  # the running APScheduler, woken after a resync adds earlier jobs


def bind(app: Flask | None, scheduler=None) -> None:
    global _app, _scheduler
    with _lock:
        _app, _scheduler = app, scheduler


def current() -> Flask:
    global _app
    with _lock:
        if _app is None:
            from campaign import create_app

            _app = create_app()
        return _app


def _context():
    app = current()
    return app, ReminderSettings.from_config(app.config), mailer_for(app.config)


def run_milestone_reminder(milestone_id: int, offset_days: int) -> Summary:
    app, settings, mailer = _context()
    with app.app_context(), session_scope() as session:
        summary = passes.run_milestone_reminder(
            session, milestone_id, offset_days, now=clock.now(), mailer=mailer, settings=settings
        )
    log.info("Milestone %s, %s-day reminder: %s", milestone_id, offset_days, summary)
    return summary


def run_follow_up(response_id: int) -> Summary:
    app, settings, mailer = _context()
    with app.app_context(), session_scope() as session:
        summary = passes.run_follow_up(
            session, response_id, now=clock.now(), mailer=mailer, settings=settings
        )
    log.info("Follow-up of response %s: %s", response_id, summary)
    return summary


def resync() -> None:
    """Every SCHEDULER_RESYNC_SECONDS: catch up with anything due (edits made in the web app
    whose job write failed, bundle imports, a clock jump), then re-derive every job."""
    app, settings, mailer = _context()
    with app.app_context(), session_scope() as session:
        now = clock.now()
        summary = passes.send_due(session, now=now, mailer=mailer, settings=settings)
        synced = jobstore.resync_all(session, now=now, settings=settings)
    log.info("Resync: deliveries %s; jobs %s", summary, synced)
    scheduler = _scheduler
    if scheduler is not None and (synced.added or synced.changed):
        scheduler.wakeup()  # it may be sleeping until a later job


def retry_failed() -> None:
    app, settings, mailer = _context()
    summary = Summary()
    with app.app_context(), session_scope() as session:
        retries.retry_due(
            session, now=clock.now(), mailer=mailer, settings=settings, summary=summary
        )
    if summary.retried or summary.cancelled or summary.missed or summary.failed:
        log.info("Retries: %s", summary)


def heartbeat() -> None:
    """Every HEARTBEAT_SECONDS: tell `send-due-reminders --now` a scheduler serves this database."""
    app = current()
    with app.app_context(), session_scope() as session:
        heartbeats.beat(session)


def sync_members() -> None:
    """Weekly, when MEMBERS_SYNC_WEEKDAY is set: `flask sync-members` for both Houses, in one
    transaction. A failed API is logged as an error with the URL, and nothing is changed; the
    next week's run tries again (a sync is idempotent)."""
    from campaign.people.cli import run_sync
    from campaign.people.members_api import MembersApiError

    app = current()
    with app.app_context():
        try:
            report = run_sync()
        except MembersApiError as error:
            log.error("Members sync failed, nothing changed: %s", error)
            return
    for line in report.lines():
        log.info("Members sync: %s", line)
