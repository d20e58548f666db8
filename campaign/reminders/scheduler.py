"""The reminder scheduler: its own process (`flask --app campaign scheduler`), never started by
create_app (it would run once per web worker and twice under the reloader).

Start-up: a full pass at `now` (sends whatever fell due while the scheduler was down, records
what was missed, retries failed e-mails), then a full resync of the job store, then APScheduler
runs the per-reminder jobs at their times plus three interval jobs of its own: `resync` (every
SCHEDULER_RESYNC_SECONDS), `retry-failed` (every minute) and `heartbeat` (heartbeat.py), and,
when MEMBERS_SYNC_WEEKDAY is set, `sync-members` (weekly, `flask sync-members` as a job; it
calls the real Members API, so it is off unless set), and the monitoring inbox's `monitor`
(every MONITOR_INTERVAL_MINUTES) and `monitor-digest` (daily; campaign/monitoring/jobs.py).
Those live in a memory job store, so every scheduler process has its own; reminder jobs live
in the shared SQLAlchemy job store in the app's database.

A database outage never stops the process: the start-up steps are retried with backoff until
the database answers (outage.py), a job that fails is logged by APScheduler and its work done
by the next resync, and a result being recorded is kept and written when the database returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from campaign import clock
from campaign.clock import UK
from campaign.db import get_engine, session_scope
from campaign.reminders import heartbeat, jobs, jobstore, outage, passes
from campaign.reminders.deliveries import Summary
from campaign.reminders.mailer import mailer_for
from campaign.reminders.planning import ReminderSettings, log

PROCESS_STORE = "process"
RETRY_SECONDS = 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MEMBERS_SYNC_HOUR = 5  # UK time: before the working day, when the API is quiet
MEMBERS_SYNC_JOB = "sync-members"


def members_sync_trigger(config) -> CronTrigger | None:
    """The weekly `sync-members` job's trigger: MEMBERS_SYNC_WEEKDAY at 05:00 UK time, or None
    when the setting is empty (the default: the job calls the real Members API)."""
    day = str(config.get("MEMBERS_SYNC_WEEKDAY") or "").strip().lower()
    if not day:
        return None
    if day not in WEEKDAYS:
        raise ValueError(
            f"MEMBERS_SYNC_WEEKDAY must be one of {', '.join(WEEKDAYS)} or empty, not {day!r}"
        )
    return CronTrigger(day_of_week=day, hour=MEMBERS_SYNC_HOUR, minute=0, timezone=UK)


@dataclass(frozen=True)
class StartUp:
    summary: Summary
    synced: jobstore.SyncResult


class ReminderScheduler:
    """APScheduler set up for reminders, running its jobs in background threads: the command's
    main thread only waits for a stop signal (cli.py), tests and the benchmark carry on."""

    def __init__(
        self,
        app: Flask,
        *,
        workers: int = 4,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.app = app
        self.sleep = sleep  # between start-up retries in an outage (the command's can stop it)
        with app.app_context():
            engine = get_engine()
        self.scheduler = BackgroundScheduler(
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

            def beat() -> None:
                with session_scope() as session:
                    heartbeat.beat(session)

            def catch_up() -> tuple[Summary, jobstore.SyncResult]:
                now = clock.now()
                with session_scope() as session:
                    summary = passes.run_pass(
                        session, now=now, mailer=mailer_for(self.app.config), settings=settings
                    )
                    return summary, jobstore.resync_all(session, now=now, settings=settings)

            outage.until_it_works("Heartbeat", beat, sleep=self.sleep)
            summary, synced = outage.until_it_works("Start-up pass", catch_up, sleep=self.sleep)
            resync_seconds = int(self.app.config["SCHEDULER_RESYNC_SECONDS"])
        for ident, func, seconds in (
            ("resync", "campaign.reminders.jobs:resync", resync_seconds),
            ("retry-failed", "campaign.reminders.jobs:retry_failed", RETRY_SECONDS),
            ("heartbeat", "campaign.reminders.jobs:heartbeat", heartbeat.HEARTBEAT_SECONDS),
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
        trigger = members_sync_trigger(self.app.config)
        if trigger is not None:
            self.scheduler.add_job(
                "campaign.reminders.jobs:sync_members",
                trigger,
                id=MEMBERS_SYNC_JOB,
                name=MEMBERS_SYNC_JOB,
                jobstore=PROCESS_STORE,
                replace_existing=True,
            )
        self._add_monitoring_jobs()
        log.info("Start-up pass: %s", summary)
        log.info("Start-up resync: jobs %s", synced)
        return StartUp(summary, synced)

    def _add_monitoring_jobs(self) -> None:
        """The monitoring inbox's `monitor` pass (every MONITOR_INTERVAL_MINUTES, none when 0;
        resuming the interval of the last pass) and its daily `monitor-digest`."""
        from campaign.monitoring import jobs as monitoring

        config = self.app.config
        trigger = monitoring.pass_trigger(config)
        if trigger is not None:
            minutes = int(config["MONITOR_INTERVAL_MINUTES"])
            try:
                with self.app.app_context(), session_scope() as session:
                    # APScheduler's time is the real one, not the app's CLOCK.
                    first = monitoring.first_pass_time(
                        session, now=datetime.now(UTC), minutes=minutes
                    )
            except Exception as exc:  # the database is away: one interval from now
                if not outage.is_outage(exc):
                    raise
                first = None
            self.scheduler.add_job(
                "campaign.monitoring.jobs:run_pass",
                trigger,
                id=monitoring.MONITOR_JOB,
                name=monitoring.MONITOR_JOB,
                jobstore=PROCESS_STORE,
                replace_existing=True,
                **({"next_run_time": first} if first is not None else {}),
            )
        self.scheduler.add_job(
            "campaign.monitoring.jobs:send_digest",
            monitoring.digest_trigger(config),
            id=monitoring.DIGEST_JOB,
            name=monitoring.DIGEST_JOB,
            jobstore=PROCESS_STORE,
            replace_existing=True,
        )

    def start(self) -> None:
        """Run the jobs, in background threads."""
        self.scheduler.start()

    def shutdown(self, *, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        jobs.bind(None)
        try:
            with self.app.app_context(), session_scope() as session:
                heartbeat.clear(session)
        except Exception as exc:  # the database is away: the heartbeat goes stale by itself
            if not outage.is_outage(exc):
                raise
