"""Reminders: n days before each milestone and a follow-up when a reply is overdue, by e-mail
and in the app, each delivered exactly once. See docs/reminders.md.

    rules.py       who is reminded and when (pure functions)
    facts.py       milestones and responses loaded in bulk for the engine
    planning.py    which reminders exist and what a pass does with them
    content.py     what a reminder says (templates/reminders/)
    mailer.py      SMTP, or the log when no SMTP server is configured
    deliveries.py  claim / send / record, exactly once (the delivery log)
    retries.py     failed e-mails retried with backoff; unwanted ones cancelled
    passes.py      a full pass at `now`, and the per-reminder jobs' logic
    jobstore.py    the scheduler's jobs derived from the data, synced in bulk
    jobs.py        the job functions APScheduler calls (ids only)
    scheduler.py   the scheduler process
    websync.py     the web app re-syncs a milestone's jobs after each change
    cli.py         send-due-reminders, scheduler
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect the web-side re-sync to the change signals. Starts no scheduler: that is its
    own process (`flask --app campaign scheduler`)."""
    from campaign.reminders import websync

    websync.connect()
