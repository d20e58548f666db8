"""The monitoring jobs of the scheduler process (`flask scheduler`), referenced as
"module:function" strings like campaign/reminders/jobs.py:

- `monitor` (`run_pass`): a monitoring pass every MONITOR_INTERVAL_MINUTES (none when 0);
- `monitor-digest` (`send_digest`): the daily digest e-mail at MONITOR_DIGEST_HOUR, UK time.

Each job opens its own app context and session, logs a one-line summary and never raises: a
source that fails is recorded by the pass (a `MonitorRun` with its error), not thrown. Both are
idempotent: items are unique by source id and deliveries by their dedupe key.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session, col, select

from campaign import clock
from campaign.clock import UK
from campaign.db import session_scope
from campaign.models import MonitorRun
from campaign.monitoring import alerts, passes
from campaign.monitoring.passes import log
from campaign.reminders.jobs import current

MONITOR_JOB = "monitor"
DIGEST_JOB = "monitor-digest"


def pass_trigger(config: Mapping[str, Any]) -> IntervalTrigger | None:
    """Every MONITOR_INTERVAL_MINUTES, or None when it is 0 (only `flask monitor --once`)."""
    minutes = int(config["MONITOR_INTERVAL_MINUTES"])
    if minutes < 0:
        raise ValueError(f"MONITOR_INTERVAL_MINUTES must be 0 or more, not {minutes}")
    return IntervalTrigger(minutes=minutes) if minutes else None


def digest_trigger(config: Mapping[str, Any]) -> CronTrigger:
    """Daily at MONITOR_DIGEST_HOUR:00, UK time."""
    hour = int(config["MONITOR_DIGEST_HOUR"])
    if not 0 <= hour <= 23:
        raise ValueError(f"MONITOR_DIGEST_HOUR must be an hour from 0 to 23, not {hour}")
    return CronTrigger(hour=hour, minute=0, timezone=UK)


def first_pass_time(session: Session, *, now: datetime, minutes: int) -> datetime:
    """When the first pass after a (re)start is due: one interval after the last pass started,
    or now if that is past; one interval from now when no pass has ever run. So restarting
    the scheduler neither skips a check nor adds one."""
    last = session.exec(
        select(MonitorRun.started_at).order_by(col(MonitorRun.started_at).desc())
    ).first()
    if last is None:
        return now + timedelta(minutes=minutes)
    return max(now, last + timedelta(minutes=minutes))


def run_pass() -> None:
    """A monitoring pass over every watched source, as the scheduler's `monitor` job."""
    app = current()
    with app.app_context():
        try:
            with session_scope() as session:
                report = passes.run(session=session, config=app.config, trigger="scheduler")
        except Exception:  # noqa: BLE001  # a job never raises: the next interval tries again
            log.exception("Monitoring pass failed")
            return
    log.info("Monitoring pass: %s", report.summary() or "no sources")
    if report.alerts_error:
        log.error("Monitoring alerts not sent: %s", report.alerts_error)


def send_digest() -> None:
    """The daily digest of new items for digest watches (campaign.monitoring.alerts)."""
    app = current()
    with app.app_context():
        try:
            with session_scope() as session:
                result = alerts.send_digest(session, app.config, now=clock.now())
        except Exception:  # noqa: BLE001  # a job never raises: tomorrow's digest tries again
            log.exception("Monitoring digest failed")
            return
    log.info("Monitoring digest: %s", result)
