"""The web app keeps the scheduler's jobs in step with each change, after it is committed.

`milestone_changed` / `response_changed` are sent inside the request, before its unit of work
commits (campaign.db commits in an after_request handler). The receivers only note the id on
the request's session; an `after_commit` listener on that session then re-derives those jobs
in the job store (moving, adding or removing them by stable id) and cancels open deliveries
the change made unwanted (archived, done, moved). A refused request rolls back, and nothing
is done.

Why after the commit, on a separate connection: the data must be committed for the job store
to agree with it, and on SQLite a second connection writing while the request still holds the
write lock would wait for a lock its own request holds. Why direct job store writes rather
than a paused APScheduler per web process: that would start a thread in every worker for the
sake of a few upserts. If the write fails, the request still succeeds (the user's change is
saved): a warning is logged and the scheduler's periodic resync puts the jobs right.
"""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlmodel import Session

from campaign import clock, signals
from campaign.db import get_engine, get_session
from campaign.reminders import jobstore, retries
from campaign.reminders.planning import ReminderSettings, log

PENDING = "campaign.reminders.changed"  # session.info key: {"milestones": set, "responses": set}


def connect() -> None:
    """Idempotent: blinker connects a receiver once however many apps are created."""
    signals.milestone_changed.connect(_milestone_changed)
    signals.response_changed.connect(_response_changed)


def _milestone_changed(_sender, **extra) -> None:
    _note("milestones", extra.get("id"))


def _response_changed(_sender, **extra) -> None:
    _note("responses", extra.get("id"))


def _note(kind: str, ident: int | None) -> None:
    if ident is None or not has_app_context():
        return
    session = get_session()
    pending = session.info.get(PENDING)
    if pending is None:
        pending = session.info[PENDING] = {"milestones": set(), "responses": set()}
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_soft_rollback", _after_rollback)
    pending[kind].add(ident)


def _after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        for ids in session.info.get(PENDING, {}).values():
            ids.clear()


def _after_commit(session: Session) -> None:
    pending = session.info.get(PENDING)
    if not pending or not (pending["milestones"] or pending["responses"]):
        return
    milestone_ids, response_ids = sorted(pending["milestones"]), sorted(pending["responses"])
    pending["milestones"].clear()
    pending["responses"].clear()
    try:
        apply_changes(milestone_ids=milestone_ids, response_ids=response_ids)
    except Exception:
        log.warning(
            "Could not update reminder jobs for milestones %s, responses %s; the scheduler's "
            "next resync will",
            milestone_ids,
            response_ids,
            exc_info=True,
        )


def apply_changes(*, milestone_ids: list[int], response_ids: list[int]) -> None:
    """Re-derive these milestones' and responses' jobs; cancel their unwanted deliveries."""
    settings = ReminderSettings.from_config(current_app.config)
    now = clock.now()
    with Session(get_engine(), expire_on_commit=False) as session:
        synced = jobstore.resync_some(
            session,
            milestone_ids=milestone_ids,
            response_ids=response_ids,
            now=now,
            settings=settings,
        )
        cancelled = retries.cancel_unwanted(
            session,
            milestone_ids=milestone_ids,
            response_ids=response_ids,
            now=now,
            settings=settings,
        )
        session.commit()
    log.info(
        "Reminder jobs for milestones %s, responses %s: %s; %s deliveries cancelled",
        milestone_ids,
        response_ids,
        synced,
        cancelled,
    )
