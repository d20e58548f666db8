"""The reminder scheduler: its own process (`flask --app campaign scheduler`), never started by
create_app (it would run once per web worker and twice under the reloader).

Start-up: a full pass at `now` (sends whatever fell due while the scheduler was down, records
what was missed, retries failed e-mails), then a full resync of the job store, then APScheduler
runs the per-reminder jobs at their times plus two interval jobs of its own: `resync` (every
SCHEDULER_RESYNC_SECONDS) and `retry-failed` (every minute). Those two live in a memory job
store, so every scheduler process has its own; reminder jobs live in the shared SQLAlchemy job
store in the app's database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from campaign import clock
from campaign.db import get_engine, session_scope
from campaign.reminders import jobs, jobstore, passes
from campaign.reminders.deliveries import Summary
from campaign.reminders.mailer import mailer_for
from campaign.reminders.planning import ReminderSettings, log

PROCESS_STORE = "process"
RETRY_SECONDS = 60


@dataclass(frozen=True)
class StartUp:
    summary: Summary
    synced: jobstore.SyncResult


class ReminderScheduler:
    """APScheduler set up for reminders. `blocking=False` runs it in a background thread (for
    tests and the benchmark); the command uses the blocking kind in the main thread."""

    def __init__(self, app: Flask, *, blocking: bool = True, workers: int = 4):
        self.app = app
        with app.app_context():
            engine = get_engine()
        kind = BlockingScheduler if blocking else BackgroundScheduler
        self.scheduler = kind(
            jobstores={
                "default": jobstore.ReminderJobStore(engine),
                PROCESS_STORE: MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(workers)},
            # misfire_grace_time=None: APScheduler's default (1 s) silently drops a job that is
            # late, e.g. one due while this process was down. The jobs decide for themselves.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def start_up(self) -> StartUp:
        """Catch up and resync; then `start()`. Separate so the command can log in between."""
        jobs.bind(self.app, self.scheduler)
        with self.app.app_context():
            settings = ReminderSettings.from_config(self.app.config)
            now = clock.now()
            with session_scope() as session:
                summary = passes.run_pass(
                    session, now=now, mailer=mailer_for(self.app.config), settings=settings
                )
                synced = jobstore.resync_all(session, now=now, settings=settings)
            resync_seconds = int(self.app.config["SCHEDULER_RESYNC_SECONDS"])
        for ident, func, seconds in (
            ("resync", "campaign.reminders.jobs:resync", resync_seconds),
            ("retry-failed", "campaign.reminders.jobs:retry_failed", RETRY_SECONDS),
        ):
            self.scheduler.add_job(
                func,
                "interval",
                seconds=seconds,
                id=ident,
                name=ident,
                jobstore=PROCESS_STORE,
                replace_existing=True,
            )
        log.info("Start-up pass: %s", summary)
        log.info("Start-up resync: jobs %s", synced)
        return StartUp(summary, synced)

    def start(self) -> None:
        """Run the jobs. Blocks until shutdown for the blocking kind."""
        self.scheduler.start()

    def shutdown(self, *, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        jobs.bind(None)
