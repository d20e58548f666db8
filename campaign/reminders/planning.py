"""Which reminders exist, when they fall due, and what a pass should do with them.

Everything here is derived from the data (milestones, responses, settings) and the time `now`;
nothing is stored. The scheduler's jobs, `send-due-reminders` and the web-side re-sync all ask
the same functions, so they agree.

Rules (docs/reminders.md explains them for users):

- A live milestone (not archived, not done, dated to the day) has one reminder per offset,
  due `offset` days before its date at REMINDER_HOUR, UK time, or on the working day before
  that day when it is a Saturday, a Sunday or a bank holiday (rules.reminder_day). Two
  reminders may then fall due at the same time: the one with the smaller offset is sent.
- While the milestone is still ahead (its UK date is today or later), the reminder with the
  smallest offset that has fallen due is the one to send. Older ones it supersedes are not sent
  late: after a downtime or a date brought forward, the owners get one e-mail counting the days
  actually left, not three.
- Once the date has passed, a reminder that fell due since reminders last ran (the "covered
  until" watermark) and was never delivered is recorded as missed.
- A sent response with "reply expected by" has one follow-up, due that day at REMINDER_HOUR
  (even at a weekend: sent earlier it would chase a reply that is not late yet). It
  is sent if it fell due since reminders last ran and no reply has been logged by then.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from campaign.clock import UK
from campaign.models import DeliveryChannel, DeliveryKind
from campaign.reminders import rules
from campaign.reminders.facts import MilestoneFacts, ResponseFacts

log = logging.getLogger("campaign.reminders")

TEAM = "team"  # the in-app channel's one recipient: the notification is for everyone


@dataclass(frozen=True)
class ReminderSettings:
    default_offsets: str
    team_address: str
    hour: int
    max_attempts: int
    retry_seconds: int
    base_url: str
    claim_seconds: int = 900  # DELIVERY_CLAIM_SECONDS

    @property
    def claim_timeout(self) -> timedelta:
        """How long a claimed e-mail stays pending before another pass presumes its sender
        died and sends it (again, if it did go)."""
        return timedelta(seconds=self.claim_seconds)

    @functools.cached_property
    def team(self) -> list[str]:
        """REMINDERS_TO, read once (a malformed address is skipped with a warning)."""
        return _addresses(self.team_address, "a REMINDERS_TO address")

    @classmethod
    def from_config(cls, config: Any) -> ReminderSettings:
        return cls(
            default_offsets=config["REMINDER_OFFSETS"],
            team_address=config["REMINDERS_TO"],
            hour=int(config["REMINDER_HOUR"]),
            max_attempts=int(config["DELIVERY_MAX_ATTEMPTS"]),
            retry_seconds=int(config["DELIVERY_RETRY_SECONDS"]),
            base_url=config["PUBLIC_BASE_URL"].rstrip("/"),
            claim_seconds=int(config["DELIVERY_CLAIM_SECONDS"]),
        )


# Reminders about records without a column of their own in `deliveries` (issue 18): the
# Delivery's `subject` names the record, "<prefix>:<id>" (stakeholders.py).
SUBJECT_PREFIXES = {
    DeliveryKind.ACTION_DUE: "action",
    DeliveryKind.STANCE_RECHECK: "stance",
    DeliveryKind.COMMITMENT_LATE: "commitment",
    # Issue 19: an immediate alert names the inbox item ("item:12"; campaign.monitoring.alerts;
    # a digest names its day, "digest:2026-12-07", with a Reminder of its own there).
    DeliveryKind.MONITOR_ALERT: "item",
}


class Reminder(NamedTuple):
    """One reminder: n days before a milestone, the follow-up of a sent response, or one of
    the stakeholder reminders (a follow-up action due, a stance to re-check, a commitment
    late)."""

    kind: DeliveryKind
    subject_id: int  # the milestone's, response's, action's, stance's or commitment's id
    offset_days: int | None  # None but for a milestone
    target_date: date  # the milestone's date, reply-expected-by, due, re-check or due-by date
    due_at: datetime  # aware, UTC

    @property
    def milestone_id(self) -> int | None:
        return self.subject_id if self.kind == DeliveryKind.MILESTONE else None

    @property
    def response_id(self) -> int | None:
        return self.subject_id if self.kind == DeliveryKind.FOLLOW_UP else None

    @property
    def subject(self) -> str | None:
        """'action:12' for the stakeholder reminders; None for milestones and follow-ups."""
        prefix = SUBJECT_PREFIXES.get(self.kind)
        return f"{prefix}:{self.subject_id}" if prefix else None

    @property
    def job_id(self) -> str:
        if self.kind == DeliveryKind.MILESTONE:
            return milestone_job_id(self.subject_id, self.offset_days or 0)
        if self.subject:
            return self.subject  # no job of its own: the scheduler's resync sends it
        return follow_up_job_id(self.subject_id)

    def dedupe_key(self, channel: DeliveryChannel, recipient: str) -> str:
        """Unique per reminder, date, channel and recipient. The date is part of it: a moved
        milestone has new reminders, while the old date's stay as history (and so for an
        action, stance or commitment whose date changes)."""
        who = recipient.lower()
        if self.subject:
            return f"{self.subject}:{self.target_date.isoformat()}:{channel.value}:{who}"
        if self.kind == DeliveryKind.MILESTONE:
            return (
                f"milestone:{self.subject_id}:{self.target_date.isoformat()}:"
                f"{self.offset_days}:{channel.value}:{who}"
            )
        return f"follow-up:{self.subject_id}:{self.target_date.isoformat()}:{channel.value}:{who}"


def milestone_job_id(milestone_id: int, offset_days: int) -> str:
    return f"milestone:{milestone_id}:offset:{offset_days}"


def follow_up_job_id(response_id: int) -> str:
    return f"follow-up:response:{response_id}"


def uk_date(moment: datetime) -> date:
    return moment.astimezone(UK).date()


def offsets(milestone: MilestoneFacts, settings: ReminderSettings) -> list[int]:
    """The milestone's offsets; none (with a warning) if they cannot be read."""
    try:
        return rules.parse_offsets(
            milestone.reminder_offsets
            if milestone.reminder_offsets is not None
            else settings.default_offsets
        )
    except ValueError as exc:
        log.warning("Milestone %s: reminder days cannot be read (%s)", milestone.id, exc)
        return []


def milestone_reminders(milestone: MilestoneFacts, settings: ReminderSettings) -> list[Reminder]:
    """Its reminders, earliest due first (largest offset first); none unless it is live."""
    if milestone.why_no_reminders:
        return []
    return [
        Reminder(
            DeliveryKind.MILESTONE,
            milestone.id,
            days,
            milestone.milestone_date,
            rules.due_at(milestone.milestone_date, days, hour=settings.hour),
        )
        for days in offsets(milestone, settings)
    ]


def follow_up(response: ResponseFacts, settings: ReminderSettings) -> Reminder | None:
    if response.why_no_follow_up or response.reply_expected_by is None:
        return None
    expected = response.reply_expected_by
    return Reminder(
        DeliveryKind.FOLLOW_UP,
        response.id,
        None,
        expected,
        # Not moved to a working day: a follow-up sent before the reply is due would chase a
        # reply that is not late yet.
        rules.at_hour(expected, hour=settings.hour),
    )


def is_ahead(target: date, now: datetime) -> bool:
    """Still worth a reminder: the date is today or later, UK time."""
    return target >= uk_date(now)


@dataclass(frozen=True)
class Choice:
    send: Reminder | None = None
    missed: tuple[Reminder, ...] = ()


def choose(reminders: list[Reminder], *, now: datetime, since: datetime) -> Choice:
    """What a pass at `now` does with one milestone's reminders (see the module docstring)."""
    due = [r for r in reminders if r.due_at <= now]
    if not due:
        return Choice()
    if is_ahead(due[0].target_date, now):
        return Choice(send=min(due, key=lambda r: r.offset_days or 0))
    return Choice(missed=tuple(r for r in due if r.due_at > since))


def superseded_by(reminders: list[Reminder], reminder: Reminder, now: datetime) -> Reminder | None:
    """The later reminder (smaller offset) also due at `now` that is sent instead, if any."""
    later = [
        r
        for r in reminders
        if r.due_at <= now and (r.offset_days or 0) < (reminder.offset_days or 0)
    ]
    return min(later, key=lambda r: r.offset_days or 0) if later else None


def _addresses(text: str, what: str) -> list[str]:
    try:
        return rules.parse_recipients(text)
    except ValueError as exc:
        # A bad address must not stop the others' reminders: skip it, loudly.
        log.warning("Ignoring %s: %s", what, exc)
        good = []
        for part in text.replace(";", ",").split(","):
            try:
                good += rules.parse_recipients(part)
            except ValueError:
                continue
        return good


def email_recipients(
    owners: list[str | None], extra: str, settings: ReminderSettings, *, what: str
) -> list[str]:
    """As rules.recipients_for (owners in address order, the extras, the team address;
    case-insensitively unique), without a query, and skipping a malformed address."""
    extras = _addresses(extra, f"a recipient of {what}") if extra else []
    unique: dict[str, str] = {}
    for address in [*sorted((o for o in owners if o), key=str.lower), *extras, *settings.team]:
        unique.setdefault(address.lower(), address)
    return list(unique.values())


def milestone_recipients(milestone: MilestoneFacts, settings: ReminderSettings) -> list[str]:
    owners = [a.owner_email for a in milestone.asks]
    return email_recipients(
        owners, milestone.reminder_recipients, settings, what=f"milestone {milestone.id}"
    )


def response_recipients(response: ResponseFacts, settings: ReminderSettings) -> list[str]:
    """A follow-up goes to the owners of the asks the response bears on and the team."""
    owners = [a.owner_email for a in response.asks]
    return email_recipients(owners, "", settings, what=f"response {response.id}")
