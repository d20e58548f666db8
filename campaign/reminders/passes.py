"""Passes over the data: everything due at `now` (send-due-reminders, the scheduler's start-up
and periodic resync), or one reminder (the scheduler's per-reminder jobs).

A full pass covers the window (covered_until, now]: what fell due in it and was not delivered
is sent (or recorded missed, or not needed), then the watermark moves to `now`. A pass that
crashes leaves the watermark where it was, so the next pass covers the window again; the
delivery log's unique keys make that harmless. On the very first pass there is no watermark
and the window is empty: nothing that fell due before reminders ever ran is sent or reported,
except the latest reminder of each milestone still ahead (see planning.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col

from campaign.models import AppSetting, DeliveryStatus, Milestone, Response, ResponseDirection
from campaign.reminders import content, stakeholders
from campaign.reminders.bulk import dialect_insert
from campaign.reminders.deliveries import Deliverer, Planned, Summary
from campaign.reminders.facts import (
    MilestoneFacts,
    ResponseFacts,
    live_milestone_conditions,
    load_milestones,
    load_responses,
    with_asks,
)
from campaign.reminders.mailer import Mailer
from campaign.reminders.planning import (
    Reminder,
    ReminderSettings,
    choose,
    follow_up,
    is_ahead,
    log,
    milestone_recipients,
    milestone_reminders,
    response_recipients,
    superseded_by,
    uk_date,
)
from campaign.reminders.retries import replied_ids, retry_due

WATERMARK = "reminders.covered_until"
MISSED_NOTE = "Missed: it fell due while reminders were not running, and the milestone has passed."
NOT_NEEDED_NOTE = "Not needed: a reply from the organisation was logged by then."


def covered_until(session: Session) -> datetime | None:
    value = session.get(AppSetting, WATERMARK)
    return datetime.fromisoformat(value.value) if value and value.value else None


def corrected_watermark(session: Session, real_now: datetime) -> datetime | None:
    """The watermark, brought back to `real_now` if it is ahead of it (a pass run with a future
    `--now` by older code, or a clock set back): reminders are never skipped for a window that
    has not happened yet. Covering a window again is harmless (the delivery log's keys)."""
    since = covered_until(session)
    if since is None or since <= real_now:
        return since
    log.warning(
        "The reminders watermark (%s) is ahead of the clock (%s): brought back to now",
        since.isoformat(timespec="seconds"),
        real_now.isoformat(timespec="seconds"),
    )
    row = session.get(AppSetting, WATERMARK)
    row.value = _stamp(real_now)
    session.add(row)
    session.commit()
    return real_now


def advance_watermark(session: Session, now: datetime) -> None:
    """covered_until := now, unless it is already later (another process, a later --now)."""
    text = _stamp(now)
    table = AppSetting.__table__
    session.exec(
        dialect_insert(session.get_bind())(table)
        .values(key=WATERMARK, value=text)
        .on_conflict_do_update(
            index_elements=["key"],
            set_={"value": text},
            where=table.c.value < text,  # fixed-width UTC ISO text sorts as time does
        )
    )
    session.commit()


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def milestone_planned(m: MilestoneFacts, r: Reminder, now, settings) -> Planned:
    return Planned(
        r,
        milestone_recipients(m, settings),
        lambda: content.milestone_message(m, r, now=now, settings=settings),
    )


def follow_up_planned(f: ResponseFacts, r: Reminder, now, settings) -> Planned:
    return Planned(
        r,
        response_recipients(f, settings),
        lambda: content.follow_up_message(f, r, now=now, settings=settings),
    )


def send_due(
    session: Session,
    *,
    now: datetime,
    mailer: Mailer,
    settings: ReminderSettings,
    summary: Summary | None = None,
    real_now: datetime | None = None,
) -> Summary:
    """Deliver every milestone reminder, follow-up and stakeholder reminder (stakeholders.py)
    due at `now`; record the missed ones.

    `real_now` is the clock's time when `now` is not (`send-due-reminders --now`): a reminder
    is recorded missed only if its milestone has passed by the real clock too, and the
    watermark never moves past the real clock, so a rehearsal in the future loses nothing."""
    summary = summary if summary is not None else Summary()
    real_now = real_now or now
    since = corrected_watermark(session, real_now) or now
    # Only milestones dated from the window's first day on can have anything to do.
    earliest = uk_date(min(since, now)) - timedelta(days=1)
    candidates = load_milestones(
        session,
        where=(*live_milestone_conditions(), Milestone.milestone_date >= earliest),
        with_asks=False,
    )
    sends: list[Reminder] = []
    missed: list[Reminder] = []
    for m in candidates.values():
        choice = choose(milestone_reminders(m, settings), now=now, since=since)
        if choice.send:
            sends.append(choice.send)
        # Missed only once the milestone has passed for real, not just at a future `now`.
        missed.extend(r for r in choice.missed if not is_ahead(r.target_date, real_now))
    # Linked asks (owners, and what the e-mail lists) only for the milestones with work.
    facts = with_asks(session, (candidates[r.subject_id] for r in [*sends, *missed]))
    deliverer = Deliverer(session, now=now, mailer=mailer, settings=settings, summary=summary)
    deliverer.send([milestone_planned(facts[r.subject_id], r, now, settings) for r in sends])
    deliverer.record(
        [milestone_planned(facts[r.subject_id], r, now, settings) for r in missed],
        DeliveryStatus.MISSED,
        MISSED_NOTE,
    )
    _follow_ups(session, deliverer, since=since, now=now, settings=settings)
    stakeholders.send_due(session, deliverer, since=since, now=now, settings=settings)
    advance_watermark(session, min(now, real_now))
    return summary


def _follow_ups(session, deliverer: Deliverer, *, since, now, settings) -> None:
    responses = load_responses(
        session,
        where=(
            col(Response.archived_at).is_(None),
            Response.direction == ResponseDirection.SENT,
            col(Response.reply_expected_by) >= uk_date(since) - timedelta(days=1),
            col(Response.reply_expected_by) <= uk_date(now),
        ),
    )
    due = []
    for f in responses.values():
        r = follow_up(f, settings)
        if r is not None and since < r.due_at <= now:
            due.append((f, r))
    replied = replied_ids(session, [f.id for f, _ in due])
    deliverer.send([follow_up_planned(f, r, now, settings) for f, r in due if f.id not in replied])
    deliverer.record(
        [follow_up_planned(f, r, now, settings) for f, r in due if f.id in replied],
        DeliveryStatus.CANCELLED,
        NOT_NEEDED_NOTE,
    )


def run_pass(
    session: Session,
    *,
    now: datetime,
    mailer: Mailer,
    settings: ReminderSettings,
    real_now: datetime | None = None,
) -> Summary:
    """One full pass: due reminders and follow-ups, then retries of failed e-mails."""
    summary = send_due(session, now=now, mailer=mailer, settings=settings, real_now=real_now)
    retry_due(
        session, now=now, mailer=mailer, settings=settings, summary=summary, real_now=real_now
    )
    return summary


def run_milestone_reminder(
    session: Session,
    milestone_id: int,
    offset_days: int,
    *,
    now: datetime,
    mailer: Mailer,
    settings: ReminderSettings,
) -> Summary:
    """The scheduler's job for one reminder. It re-reads the milestone, so a job left behind
    by an edit the resync has not caught up with yet does nothing wrong."""
    summary = Summary()
    m = load_milestones(session, ids=[milestone_id]).get(milestone_id)
    reminders = milestone_reminders(m, settings) if m else []
    reminder = next((r for r in reminders if r.offset_days == offset_days), None)
    if m is None or reminder is None:
        log.info("No %s-day reminder for milestone %s any more", offset_days, milestone_id)
        return summary
    if reminder.due_at > now:
        log.info("Milestone %s's %s-day reminder is not due yet", milestone_id, offset_days)
        return summary
    deliverer = Deliverer(session, now=now, mailer=mailer, settings=settings, summary=summary)
    planned = milestone_planned(m, reminder, now, settings)
    if not is_ahead(reminder.target_date, now):
        deliverer.record([planned], DeliveryStatus.MISSED, MISSED_NOTE)
    elif later := superseded_by(reminders, reminder, now):
        log.info(
            "Milestone %s: the %s-day reminder is superseded by the %s-day one",
            milestone_id,
            offset_days,
            later.offset_days,
        )
    else:
        deliverer.send([planned])
    return summary


def run_follow_up(
    session: Session, response_id: int, *, now: datetime, mailer: Mailer, settings
) -> Summary:
    """The scheduler's job for one follow-up: sent unless a reply has been logged."""
    summary = Summary()
    f = load_responses(session, ids=[response_id]).get(response_id)
    reminder = follow_up(f, settings) if f else None
    if f is None or reminder is None:
        log.info("No follow-up for response %s any more", response_id)
        return summary
    if reminder.due_at > now:
        log.info("Response %s's follow-up is not due yet", response_id)
        return summary
    deliverer = Deliverer(session, now=now, mailer=mailer, settings=settings, summary=summary)
    planned = follow_up_planned(f, reminder, now, settings)
    if replied_ids(session, [response_id]):
        deliverer.record([planned], DeliveryStatus.CANCELLED, NOT_NEEDED_NOTE)
    else:
        deliverer.send([planned])
    return summary
