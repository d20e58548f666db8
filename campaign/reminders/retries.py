"""Failed e-mails are retried with backoff; those no longer wanted are cancelled, not sent.

A delivery is *open* while it is pending or failed with a next attempt planned. Before each
retry it is judged against the data as it is now: a milestone archived, marked done, moved or
stripped of that reminder day, a recipient no longer linked, or a reply logged to a follow-up
cancels it (with a note); a milestone that has passed meanwhile turns it into missed. Otherwise
it is re-claimed with an optimistic UPDATE (`WHERE id = :id AND attempts = :n AND status = :s`,
one row = ours) and sent again. The web app cancels a changed milestone's open deliveries at
once with the same judgement (`cancel_unwanted`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session, col

from campaign.models import DeliveryChannel, DeliveryKind, DeliveryStatus, Response
from campaign.monitoring import alerts
from campaign.reminders import content, stakeholders
from campaign.reminders.deliveries import (
    DELIVERIES,
    Deliverer,
    Planned,
    Summary,
    email_from_row,
    reminder_of,
)
from campaign.reminders.facts import (
    MilestoneFacts,
    ResponseFacts,
    chunks,
    load_milestones,
    load_responses,
)
from campaign.reminders.mailer import Mailer
from campaign.reminders.planning import (
    ReminderSettings,
    is_ahead,
    log,
    milestone_recipients,
    offsets,
    response_recipients,
)
from campaign.rendering import format_date
from campaign.responses.replies import replied_condition

D = DELIVERIES.c
OPEN = and_(
    D.channel == DeliveryChannel.EMAIL,
    col(D.status).in_([DeliveryStatus.PENDING, DeliveryStatus.FAILED]),
    col(D.next_attempt_at).is_not(None),
)


@dataclass(frozen=True)
class Verdict:
    status: DeliveryStatus | None = None  # None: still wanted, send it again
    note: str = ""
    planned: Planned | None = None


def _still_a_recipient(row, recipients: list[str]) -> bool:
    return row.recipient.lower() in {r.lower() for r in recipients}


def _judge_milestone(row, m: MilestoneFacts | None, now, settings) -> Verdict:
    if m is None:
        return Verdict(DeliveryStatus.CANCELLED, "Cancelled: the milestone no longer exists.")
    if m.why_no_reminders:
        return Verdict(DeliveryStatus.CANCELLED, f"Cancelled: {m.why_no_reminders}.")
    if m.milestone_date != row.target_date:
        moved = format_date(m.milestone_date, m.date_precision)
        return Verdict(
            DeliveryStatus.CANCELLED,
            f"Cancelled: the milestone moved to {moved}; its reminders follow the new date.",
        )
    if row.offset_days not in offsets(m, settings):
        return Verdict(
            DeliveryStatus.CANCELLED, "Cancelled: the milestone's reminder days changed."
        )
    if not _still_a_recipient(row, milestone_recipients(m, settings)):
        return Verdict(DeliveryStatus.CANCELLED, "Cancelled: no longer a recipient.")
    if not is_ahead(row.target_date, now):
        return Verdict(
            DeliveryStatus.MISSED, "Missed: the milestone passed before the e-mail could be sent."
        )
    reminder = reminder_of(row)
    return Verdict(
        planned=Planned(
            reminder,
            [],
            lambda: content.milestone_message(m, reminder, now=now, settings=settings),
        )
    )


def _judge_follow_up(row, r: ResponseFacts | None, replied: bool, now, settings) -> Verdict:
    if r is None:
        return Verdict(DeliveryStatus.CANCELLED, "Cancelled: the response no longer exists.")
    if r.why_no_follow_up:
        return Verdict(DeliveryStatus.CANCELLED, f"Cancelled: {r.why_no_follow_up}.")
    if r.reply_expected_by != row.target_date:
        return Verdict(DeliveryStatus.CANCELLED, "Cancelled: the reply-expected date changed.")
    if replied:
        return Verdict(DeliveryStatus.CANCELLED, "Not needed: a reply has been logged.")
    if not _still_a_recipient(row, response_recipients(r, settings)):
        return Verdict(DeliveryStatus.CANCELLED, "Cancelled: no longer a recipient.")
    reminder = reminder_of(row)
    return Verdict(
        planned=Planned(
            reminder, [], lambda: content.follow_up_message(r, reminder, now=now, settings=settings)
        )
    )


def replied_ids(session: Session, response_ids: Iterable[int]) -> set[int]:
    """Which of these sent responses have a reply logged (responses/replies.py's rule)."""
    found: set[int] = set()
    for batch in chunks(response_ids):
        found.update(
            session.exec(
                select(Response.id).where(col(Response.id).in_(batch), replied_condition())
            ).scalars()
        )
    return found


def judge_all(session: Session, rows: list, *, now: datetime, settings) -> list[Verdict]:
    milestone_ids = {r.milestone_id for r in rows if r.milestone_id is not None}
    response_ids = {r.response_id for r in rows if r.response_id is not None}
    milestones = load_milestones(session, ids=milestone_ids)
    responses = load_responses(session, ids=response_ids)
    replied = replied_ids(session, response_ids)
    others = [row for row in rows if DeliveryKind(row.kind) in stakeholders.KINDS]
    judged = stakeholders.judge(session, others, now=now, settings=settings) if others else []
    by_row = {id(row): Verdict(*verdict) for row, verdict in zip(others, judged, strict=True)}
    # The monitoring inbox's alerts and digests (issue 19): judged by campaign.monitoring.
    watched = [row for row in rows if DeliveryKind(row.kind) in alerts.KINDS]
    if watched:
        verdicts_of = alerts.judge(session, watched, now=now, settings=settings)
        by_row.update(
            (id(row), Verdict(*verdict)) for row, verdict in zip(watched, verdicts_of, strict=True)
        )
    verdicts = []
    for row in rows:
        if id(row) in by_row:
            verdicts.append(by_row[id(row)])
        elif DeliveryKind(row.kind) == DeliveryKind.MILESTONE:
            m = milestones.get(row.milestone_id) if row.milestone_id is not None else None
            verdicts.append(_judge_milestone(row, m, now, settings))
        else:
            r = responses.get(row.response_id) if row.response_id is not None else None
            verdicts.append(_judge_follow_up(row, r, row.response_id in replied, now, settings))
    return verdicts


def _close(session: Session, row, status: DeliveryStatus, note: str, now, error=None) -> bool:
    """Give an open row its final status, if nobody changed it since we read it."""
    values = {"status": status, "note": note, "next_attempt_at": None, "updated_at": now}
    if error is not None:
        values["last_error"] = error
    result = session.exec(
        update(DELIVERIES)
        .where(D.id == row.id, D.attempts == row.attempts, D.status == row.status)
        .values(**values)
    )
    return result.rowcount == 1


def retry_due(
    session: Session,
    *,
    now: datetime,
    mailer: Mailer,
    settings: ReminderSettings,
    summary: Summary,
    limit: int = 500,
    real_now: datetime | None = None,
) -> None:
    """Retry the open e-mails whose next attempt is due (failed ones after their backoff,
    pending ones whose sender presumably died). Judged at the earlier of `now` and `real_now`:
    a rehearsal in the future never turns an e-mail into missed while its milestone is ahead."""
    session.commit()
    rows = session.exec(
        select(DELIVERIES)
        .where(OPEN, D.next_attempt_at <= now)
        .order_by(D.next_attempt_at)
        .limit(limit)
    ).all()
    if not rows:
        return
    retry = []
    for row, verdict in zip(
        rows,
        judge_all(session, rows, now=min(now, real_now or now), settings=settings),
        strict=True,
    ):
        if verdict.status is not None:
            if _close(session, row, verdict.status, verdict.note, now):
                counter = "missed" if verdict.status == DeliveryStatus.MISSED else "cancelled"
                setattr(summary, counter, getattr(summary, counter) + 1)
                log.info("Delivery %s to %s: %s", row.id, row.recipient, verdict.note)
        elif row.status == DeliveryStatus.PENDING and row.attempts >= settings.max_attempts:
            error = (
                f"No result was recorded for attempt {row.attempts}: the process sending it "
                "stopped. Not retried: DELIVERY_MAX_ATTEMPTS reached."
            )
            if _close(session, row, DeliveryStatus.FAILED, "", now, error=error):
                summary.failed += 1
        else:
            retry.append((row, verdict.planned))
    session.commit()
    claimed = []
    for row, planned in retry:
        # The optimistic re-claim: exactly one process gets rowcount 1 for this attempt.
        result = session.exec(
            update(DELIVERIES)
            .where(
                D.id == row.id,
                D.attempts == row.attempts,
                D.status == row.status,
                D.next_attempt_at <= now,
            )
            .values(
                status=DeliveryStatus.PENDING,
                attempts=row.attempts + 1,
                next_attempt_at=now + settings.claim_timeout,
                updated_at=now,
            )
        )
        session.commit()
        if result.rowcount == 1:
            claimed.append(email_from_row(row, planned, attempts=row.attempts + 1))
    summary.retried += len(claimed)
    deliverer = Deliverer(session, now=now, mailer=mailer, settings=settings, summary=summary)
    deliverer.send_claimed(claimed)


def cancel_unwanted(
    session: Session,
    *,
    milestone_ids: Iterable[int] = (),
    response_ids: Iterable[int] = (),
    now: datetime,
    settings: ReminderSettings,
) -> int:
    """Cancel the open deliveries of these milestones and responses that the data no longer
    wants (archived, done, moved …). Returns how many were cancelled."""
    milestone_ids, response_ids = list(milestone_ids), list(response_ids)
    if not milestone_ids and not response_ids:
        return 0
    rows = session.exec(
        select(DELIVERIES).where(
            OPEN, or_(col(D.milestone_id).in_(milestone_ids), col(D.response_id).in_(response_ids))
        )
    ).all()
    cancelled = 0
    for row, verdict in zip(
        rows, judge_all(session, rows, now=now, settings=settings), strict=True
    ):
        if verdict.status == DeliveryStatus.CANCELLED:
            cancelled += _close(session, row, verdict.status, verdict.note, now)
    return cancelled
