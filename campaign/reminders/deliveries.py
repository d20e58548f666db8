"""Delivering reminders exactly once: claim, send, record.

Every (reminder, channel, recipient) is a `Delivery` row with a unique `dedupe_key`. Whoever
INSERTs the key first owns the delivery; everyone else (a second scheduler process, a resync, a
restart, `send-due-reminders` from cron) finds it taken and skips it. The INSERT uses
`ON CONFLICT (dedupe_key) DO NOTHING RETURNING id` on both SQLite and PostgreSQL (bulk.py), so
a taken key is not an error and the surrounding transaction carries on; on PostgreSQL a
concurrent insert of the same key waits for the first to commit, then does nothing.

E-mail, CLAIM_SIZE at a time: claim (status pending, committed) -> for each e-mail: send, then
record sent or failed in its own commit before the next one goes. The claim is committed before
anything is sent, so a crash can never lead to a second owner sending too; each result is
committed as soon as it is known, so a crash (even `kill -9`) leaves at most ONE e-mail that may
have gone without its result recorded: the one whose SMTP transaction was in progress. Its row,
and those claimed but not yet sent, stay pending with `next_attempt_at` = claim time +
DELIVERY_CLAIM_SECONDS: if still pending then, the retry pass presumes the sender died and sends
them (at least once beats at most once when a consultation closes). A database outage while a
result is being recorded is waited out (outage.py): the result is kept and written when the
database returns, and nothing else is sent meanwhile.

In-app: claim, create the Notification and mark sent in one transaction: all or nothing.

One bad reminder never stops the others: a message that cannot be built (its wording, a
template) or sent (any SendError, an address with a line break included) is recorded as that
delivery's failure, with the error, and the rest of the pass goes on.

This module commits: a claim must be durable before the e-mail goes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from campaign.models import Delivery, DeliveryChannel, DeliveryKind, DeliveryStatus, Notification
from campaign.reminders import bulk, outage
from campaign.reminders.content import Message
from campaign.reminders.mailer import Mailer, SendError, unbuildable
from campaign.reminders.planning import TEAM, Reminder, ReminderSettings, log

DELIVERIES = Delivery.__table__
NOTIFICATIONS = Notification.__table__
# One result at a time, each in its own commit: Core statements compiled once (an ORM UPDATE
# per e-mail costs several times as much).
SENT = (  # sent is the truth even if the row was cancelled meanwhile: no WHERE status
    update(DELIVERIES)
    .where(DELIVERIES.c.id == bindparam("b_id"))
    .values(
        status=DeliveryStatus.SENT,
        sent_at=bindparam("b_now"),
        next_attempt_at=None,
        note=bindparam("b_note"),
        updated_at=bindparam("b_now"),
    )
)
FAILED = (  # only if still ours: the claim (attempts) unchanged and not cancelled meanwhile
    update(DELIVERIES)
    .where(
        DELIVERIES.c.id == bindparam("b_id"),
        DELIVERIES.c.attempts == bindparam("b_attempts"),
        DELIVERIES.c.status == DeliveryStatus.PENDING,
    )
    .values(
        status=DeliveryStatus.FAILED,
        last_error=bindparam("b_error"),
        next_attempt_at=bindparam("b_next"),
        updated_at=bindparam("b_now"),
    )
)
CLAIM_SIZE = 25  # e-mails claimed at a time: a crash delays at most these by the claim timeout


@dataclass
class Summary:
    """What a pass did, for the command's output and the scheduler's log."""

    sent: int = 0
    failed: int = 0
    missed: int = 0
    cancelled: int = 0
    skipped: int = 0  # already claimed by an earlier pass or another process
    retried: int = 0  # re-attempts of failed (or abandoned) e-mails, also counted as sent/failed

    def __str__(self) -> str:
        return ", ".join(f"{getattr(self, f.name)} {f.name}" for f in fields(self))


@dataclass
class Planned:
    """A reminder to deliver (or record) now, with its e-mail recipients and its message."""

    reminder: Reminder
    emails: list[str]
    message: Callable[[], Message]  # rendered only if something is actually delivered


@dataclass
class ClaimedEmail:
    """An e-mail delivery this process has claimed (status pending, on attempt `attempts`)."""

    id: int
    attempts: int
    recipient: str
    planned: Planned


def backoff(settings: ReminderSettings, attempts: int) -> timedelta:
    """DELIVERY_RETRY_SECONDS × 2^(attempts-1): 1 min, 2, 4, 8 … with the defaults."""
    return timedelta(seconds=settings.retry_seconds * 2 ** max(attempts - 1, 0))


class Deliverer:
    def __init__(
        self,
        session: Session,
        *,
        now: datetime,
        mailer: Mailer,
        settings: ReminderSettings,
        summary: Summary | None = None,
        batch_size: int = 500,
        claim_size: int = CLAIM_SIZE,
    ):
        self.session = session
        self.now = now
        self.mailer = mailer
        self.settings = settings
        self.summary = summary if summary is not None else Summary()
        self.batch_size = batch_size
        self.claim_size = claim_size
        # id(planned) -> (planned, its message): the Planned is kept so that its id cannot be
        # reused by another Planned in a later send() (which would get this one's wording).
        self._messages: dict[int, tuple[Planned, Message]] = {}

    # -- rows ---------------------------------------------------------------------------
    def _rows(self, planned: Sequence[Planned], **values: Any):
        """(row, planned) for every recipient of every reminder, minus keys already taken.
        `values` (status, attempts …) are the same for all; other columns are left to NULL
        or their default."""
        wanted = []
        for p in planned:
            for address in p.emails:
                wanted.append((p, DeliveryChannel.EMAIL, address))
            wanted.append((p, DeliveryChannel.IN_APP, TEAM))
        keys = [p.reminder.dedupe_key(channel, who) for p, channel, who in wanted]
        taken = self._taken(keys)
        self.summary.skipped += sum(1 for key in keys if key in taken)
        common = {"last_error": "", "created_at": self.now, "updated_at": self.now, **values}
        rows = []
        for (p, channel, who), key in zip(wanted, keys, strict=True):
            if key in taken:
                continue
            r = p.reminder
            row = {
                "dedupe_key": key,
                "kind": r.kind,
                "milestone_id": r.milestone_id,
                "response_id": r.response_id,
                "subject": r.subject,
                "offset_days": r.offset_days,
                "target_date": r.target_date,
                "due_at": r.due_at,
                "channel": channel,
                "recipient": who,
            }
            row.update(common)
            rows.append((row, p))
        return rows

    def _taken(self, keys: list[str]) -> set[str]:
        """Keys already claimed: most passes find most reminders done, and a SELECT is
        cheaper than a doomed INSERT. The unique key still settles any race."""
        taken: set[str] = set()
        for batch in _batches(keys, 500):
            column = DELIVERIES.c.dedupe_key
            found = self.session.connection().execute(
                select(column).where(bulk.one_of(self.session, column, batch))
            )
            taken.update(found.scalars())
        return taken

    def _claim(self, rows: list[dict]) -> dict[str, int]:
        """INSERT the rows; returns {dedupe_key: id} of those this call now owns."""
        if not rows:
            return {}
        result = bulk.insert_new(
            self.session,
            DELIVERIES,
            rows,
            unique="dedupe_key",
            returning=(DELIVERIES.c.id, DELIVERIES.c.dedupe_key),
        )
        return {key: ident for ident, key in result}

    def _message(self, planned: Planned) -> Message:
        key = id(planned)
        cached = self._messages.get(key)
        if cached is None or cached[0] is not planned:
            cached = self._messages[key] = (planned, planned.message())
        return cached[1]

    # -- sending ------------------------------------------------------------------------
    def send(self, planned: Sequence[Planned]) -> None:
        """Deliver each reminder to its recipients over both channels, exactly once."""
        self.session.commit()  # each claim starts a fresh, short transaction
        rows = self._rows(planned, status=DeliveryStatus.PENDING, attempts=1)
        in_app = [(row, p) for row, p in rows if row["channel"] == DeliveryChannel.IN_APP]
        emails = [(row, p) for row, p in rows if row["channel"] == DeliveryChannel.EMAIL]
        for batch in _batches(in_app, self.batch_size):
            self._notify(batch)
        for batch in _batches(emails, self.claim_size):
            for row, _ in batch:
                row["next_attempt_at"] = self.now + self.settings.claim_timeout
            owned = self._claim([row for row, _ in batch])
            self.session.commit()
            self.summary.skipped += len(batch) - len(owned)
            self.send_claimed(
                [
                    ClaimedEmail(owned[row["dedupe_key"]], 1, row["recipient"], p)
                    for row, p in batch
                    if row["dedupe_key"] in owned
                ]
            )

    def _notify(self, batch: list[tuple[dict, Planned]]) -> None:
        messages: dict[str, Message] = {}
        for row, planned in batch:
            try:
                messages[row["dedupe_key"]] = self._message(planned)
            except Exception as exc:  # this reminder's failure alone
                error = str(unbuildable(exc))
                row.update(status=DeliveryStatus.FAILED, sent_at=None, last_error=error[:2000])
                log.exception("In-app reminder for %s failed: %s", row["dedupe_key"], error)
            else:
                row.update(status=DeliveryStatus.SENT, sent_at=self.now)
        owned = self._claim([row for row, _ in batch])
        notifications = []
        for row, _planned in batch:
            if row["dedupe_key"] not in owned or row["dedupe_key"] not in messages:
                continue
            message = messages[row["dedupe_key"]]
            notifications.append(
                {
                    "delivery_id": owned[row["dedupe_key"]],
                    "title": message.title,
                    "body": message.body,
                    "link": message.path,
                    "created_at": self.now,
                    "read_at": None,
                }
            )
            log.info("In-app reminder: %s", message.title)
        bulk.insert_many(self.session, NOTIFICATIONS, notifications)
        self.session.commit()
        self.summary.skipped += len(batch) - len(owned)
        self.summary.sent += len(notifications)
        self.summary.failed += len(owned) - len(notifications)

    def send_claimed(self, claimed: Sequence[ClaimedEmail]) -> None:
        """Send e-mails this process has claimed (status pending), recording each result
        durably (its own commit) before the next e-mail goes: a crash at any point leaves at
        most the one e-mail in flight without its result."""
        if not claimed:
            return
        with self.mailer.connection() as send:
            for email in claimed:
                try:
                    message = self._message(email.planned)
                except Exception as exc:  # this e-mail's failure alone
                    log.exception("E-mail to %s could not be built", email.recipient)
                    self._record_failed(self._failure(email, unbuildable(exc)))
                    continue
                try:
                    note = send(email.recipient, message)
                except SendError as exc:
                    log.warning(
                        "E-mail to %s failed (attempt %s): %s — %s",
                        email.recipient,
                        email.attempts,
                        message.subject,
                        exc,
                    )
                    self._record_failed(self._failure(email, exc))
                else:
                    log.info("E-mail sent to %s: %s", email.recipient, message.subject)
                    self._record_sent(email.id, note)

    def _record_sent(self, ident: int, note: str) -> None:
        values = {"b_id": ident, "b_note": note, "b_now": self.now}
        outage.durably(self.session, lambda: self.session.connection().execute(SENT, values))
        self.summary.sent += 1

    def _record_failed(self, failure: dict) -> None:
        values = {**failure, "b_now": self.now}
        outage.durably(self.session, lambda: self.session.connection().execute(FAILED, values))
        self.summary.failed += 1

    def _failure(self, email: ClaimedEmail, exc: SendError) -> dict:
        final = exc.permanent or email.attempts >= self.settings.max_attempts
        return {
            "b_id": email.id,
            "b_attempts": email.attempts,
            "b_error": str(exc)[:2000],
            # NULL: no more attempts. The row stays failed, visible in the delivery log.
            "b_next": None if final else self.now + backoff(self.settings, email.attempts),
        }

    # -- recording without sending -------------------------------------------------------
    def record(self, planned: Sequence[Planned], status: DeliveryStatus, note: str) -> None:
        """Record reminders that will not be sent (missed, or cancelled as not needed), once
        per recipient and channel, so the log shows them and no later pass sends them."""
        self.session.commit()
        rows = self._rows(planned, status=status, attempts=0, note=note)
        for batch in _batches(rows, self.batch_size):
            owned = self._claim([row for row, _ in batch])
            self.session.commit()
            self.summary.skipped += len(batch) - len(owned)
            if status == DeliveryStatus.MISSED:
                self.summary.missed += len(owned)
            else:
                self.summary.cancelled += len(owned)
            if owned:
                level = logging.WARNING if status == DeliveryStatus.MISSED else logging.INFO
                log.log(level, "%s: %s deliveries. %s", status.label, len(owned), note)


def email_from_row(row: Any, planned: Planned, *, attempts: int) -> ClaimedEmail:
    """A re-claimed e-mail (see retries.py), now on attempt number `attempts`."""
    return ClaimedEmail(row.id, attempts, row.recipient, planned)


def reminder_of(row: Any) -> Reminder:
    """The reminder a Delivery row (or a selected row with the same columns) belongs to."""
    kind = DeliveryKind(row.kind)
    if kind == DeliveryKind.MILESTONE:
        subject = row.milestone_id
    elif kind == DeliveryKind.FOLLOW_UP:
        subject = row.response_id
    else:  # "action:12" -> 12
        subject = int(row.subject.rpartition(":")[2])
    return Reminder(kind, subject, row.offset_days, row.target_date, row.due_at)


def _batches(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
