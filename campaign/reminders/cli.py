"""`flask --app campaign send-due-reminders [--now ISO]` and `flask --app campaign scheduler`."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign import clock
from campaign.clock import UK
from campaign.db import get_engine, session_scope
from campaign.reminders import heartbeat, jobstore, outage, passes
from campaign.reminders.mailer import mailer_for
from campaign.reminders.planning import ReminderSettings, log


def parse_now(text: str) -> datetime:
    """An ISO date-time; without an offset it is UK time (as REMINDER_HOUR is)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(
            f"“{text}” is not an ISO date-time such as 2026-02-16T09:00"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UK)
    return moment.astimezone(UTC)


def _configure_logging() -> None:
    # Only when nothing is configured yet (a server's logging config, or pytest, wins).
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


@click.command("send-due-reminders")
@click.option(
    "--now",
    "now_text",
    metavar="ISO",
    help="Act as if it were this time (e.g. 2026-02-16T09:00, UK time unless an offset is given).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Run with --now even though a scheduler is serving this database.",
)
@with_appcontext
def send_due_reminders(now_text: str | None, force: bool) -> None:
    """One pass: send the reminders and follow-ups due now, record missed ones, retry failed
    e-mails. For cron, instead of (or beside) the scheduler. Exits 1 if any delivery failed;
    2 if --now is refused because a scheduler is serving this database (see --force)."""
    _configure_logging()
    real_now = clock.now()
    now = parse_now(now_text) if now_text else real_now
    settings = ReminderSettings.from_config(current_app.config)
    with session_scope() as session:
        if now_text and not force:
            _refuse_if_served(session)
        summary = passes.run_pass(
            session,
            now=now,
            mailer=mailer_for(current_app.config),
            settings=settings,
            real_now=real_now,
        )
    click.echo(f"Reminders at {now.isoformat(timespec='seconds')}: {summary}.")
    if summary.failed:
        raise SystemExit(1)


def _refuse_if_served(session) -> None:
    found = heartbeat.serving(session)
    if found is None:
        return
    seconds = int(found.age(datetime.now(UTC)).total_seconds())
    click.echo(
        f"Refused: --now acts as if it were another time, and a reminder scheduler "
        f"({found.process}) is serving this database (its heartbeat is {seconds} s old). "
        "Rehearse on a copy of the database. If that scheduler is in fact stopped, wait "
        f"{int(heartbeat.FRESH.total_seconds())} s after it stopped, or add --force.",
        err=True,
    )
    raise SystemExit(2)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the reminder scheduler until stopped (Ctrl-C or SIGTERM)."""
    from campaign.reminders.scheduler import ReminderScheduler

    _configure_logging()
    app = current_app._get_current_object()
    # The jobs run in APScheduler's threads; this thread only waits for a stop. The signal
    # handler just sets an event: an exception raised from it could land in the middle of a
    # database call (leaving a PostgreSQL connection mid-query, and the shutdown hanging on it).
    stopping = threading.Event()

    def stop(signum, _frame):
        stopping.set()
        signal.signal(signum, signal.SIG_DFL)  # a second signal stops us at once

    def sleep(seconds: float) -> None:  # between start-up retries in an outage
        if stopping.wait(seconds):
            raise SystemExit(0)

    reminders = ReminderScheduler(app, sleep=sleep)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("Reminder scheduler starting on %s", get_engine().url.render_as_string())
    try:
        reminders.start_up()
        next_run = outage.until_it_works(
            "Next run time", lambda: jobstore.next_run_time(get_engine()), sleep=sleep
        )
        log.info(
            "Reminder scheduler started; next reminder job at %s", next_run or "(none scheduled)"
        )
        if not stopping.is_set():
            reminders.start()
        while not stopping.wait(1):
            pass
    except SystemExit:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # Let a job that is sending finish (an e-mail left pending waits DELIVERY_CLAIM_SECONDS).
        reminders.shutdown(wait=True)
        get_engine().dispose()
        log.info("Reminder scheduler stopped")


def register(app: Flask) -> None:
    app.cli.add_command(send_due_reminders)
    app.cli.add_command(scheduler_command)
