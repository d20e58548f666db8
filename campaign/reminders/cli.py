"""`flask --app campaign send-due-reminders [--now ISO]` and `flask --app campaign scheduler`."""

from __future__ import annotations

import logging
import signal
from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from campaign import clock
from campaign.clock import UK
from campaign.db import get_engine, session_scope
from campaign.reminders import jobstore, passes
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
@with_appcontext
def send_due_reminders(now_text: str | None) -> None:
    """One pass: send the reminders and follow-ups due now, record missed ones, retry failed
    e-mails. For cron, instead of (or beside) the scheduler. Exits 1 if any delivery failed."""
    _configure_logging()
    now = parse_now(now_text) if now_text else clock.now()
    settings = ReminderSettings.from_config(current_app.config)
    with session_scope() as session:
        summary = passes.run_pass(
            session, now=now, mailer=mailer_for(current_app.config), settings=settings
        )
    click.echo(f"Reminders at {now.isoformat(timespec='seconds')}: {summary}.")
    if summary.failed:
        raise SystemExit(1)


@click.command("scheduler")
@with_appcontext
def scheduler_command() -> None:
    """Run the reminder scheduler until stopped (Ctrl-C or SIGTERM)."""
    from campaign.reminders.scheduler import ReminderScheduler

    _configure_logging()
    app = current_app._get_current_object()
    reminders = ReminderScheduler(app, blocking=True)

    def stop(signum, _frame):
        raise SystemExit(0)  # unwinds out of the blocking loop into `finally`

    signal.signal(signal.SIGTERM, stop)
    log.info("Reminder scheduler starting on %s", get_engine().url.render_as_string())
    try:
        reminders.start_up()
        log.info(
            "Reminder scheduler started; next reminder job at %s",
            jobstore.next_run_time(get_engine()) or "(none scheduled)",
        )
        reminders.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM stops us at once
        # Let a job that is sending finish (a claim left pending waits 15 minutes for a retry).
        reminders.shutdown(wait=True)
        get_engine().dispose()
        log.info("Reminder scheduler stopped")


def register(app: Flask) -> None:
    app.cli.add_command(send_due_reminders)
    app.cli.add_command(scheduler_command)
