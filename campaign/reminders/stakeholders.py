"""Reminders about people's business (issue 18): a follow-up action due, a stance to re-check,
a commitment late. docs/reminders.md explains them for users.

- A follow-up action with a due date is reminded on that day at REMINDER_HOUR, UK time, or on
  the working day before when the day is a Saturday, a Sunday or a bank holiday (the rule of
  a milestone's reminders: it is our own deadline, better a day early than late), unless it is
  done by then.
- A stance assessment with a re-check date is reminded the same way on that date, unless a
  newer assessment of that person on that ask has been recorded by then.
- An open (or marked late) commitment with a due date is reminded the day after its due
  period ends ("by spring 2026": 1 June 2026) at REMINDER_HOUR, not moved (like a response's
  follow-up: earlier, it would chase a promise that is not late yet), unless it was marked
  kept, broken or withdrawn by then.

Each goes to one person by e-mail (the action's owner, or the owner of the ask the stance or
commitment concerns), or to the team address REMINDERS_TO when there is none, and to the app
as a notification. There is one reminder per record and date: the Delivery's `subject` names
the record ("action:12") and its dedupe key the date, so a changed due date gives a new
reminder and the old one stays in the log. They have no per-reminder jobs: every full pass
(the scheduler's start-up and resync, `send-due-reminders`) sends what fell due in its window,
exactly once, and one that fell due while reminders were not running is sent late, like a
response's follow-up (the action is still to do).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlmodel import Session, col

from campaign.models import (
    Ask,
    Commitment,
    DeliveryKind,
    DeliveryStatus,
    FollowUpAction,
    Interaction,
    Person,
    Stance,
)
from campaign.reminders import content, rules
from campaign.reminders.deliveries import Deliverer, Planned, reminder_of
from campaign.reminders.planning import Reminder, ReminderSettings, uk_date
from campaign.reminders.stakeholder_facts import (
    ActionFacts,
    CommitmentFacts,
    StanceFacts,
    load_actions,
    load_commitments,
    load_stances,
)

# A reminder moved to the working day before is at most this many days early (Good Friday to
# Easter Monday, or Christmas to the 28th, and a weekend): how far ahead a pass looks.
MOVED_DAYS = 10
LONGEST_PERIOD = 366  # a year-precision commitment is due by the end of its year

Facts = ActionFacts | StanceFacts | CommitmentFacts


class Kind(NamedTuple):
    kind: DeliveryKind
    due: Callable[[Any, ReminderSettings], Reminder | None]
    owner: Callable[[Any], str | None]
    message: Callable[..., content.Message]


def action_reminder(action: ActionFacts, settings: ReminderSettings) -> Reminder | None:
    if action.why_no_reminder or action.due_on is None:
        return None
    due_at = rules.due_at(action.due_on, 0, hour=settings.hour)
    return Reminder(DeliveryKind.ACTION_DUE, action.id, None, action.due_on, due_at)


def stance_reminder(stance: StanceFacts, settings: ReminderSettings) -> Reminder | None:
    if stance.why_no_reminder or stance.recheck_by is None:
        return None
    due_at = rules.due_at(stance.recheck_by, 0, hour=settings.hour)
    return Reminder(DeliveryKind.STANCE_RECHECK, stance.id, None, stance.recheck_by, due_at)


def commitment_reminder(c: CommitmentFacts, settings: ReminderSettings) -> Reminder | None:
    due_by = c.due_by
    if c.why_no_reminder or due_by is None:
        return None
    # Late from the day after the due period: not moved to a working day (see above).
    due_at = rules.at_hour(due_by + timedelta(days=1), hour=settings.hour)
    return Reminder(DeliveryKind.COMMITMENT_LATE, c.id, None, due_by, due_at)


KINDS = {
    DeliveryKind.ACTION_DUE: Kind(
        DeliveryKind.ACTION_DUE,
        action_reminder,
        lambda f: f.owner_email,
        content.action_message,
    ),
    DeliveryKind.STANCE_RECHECK: Kind(
        DeliveryKind.STANCE_RECHECK,
        stance_reminder,
        lambda f: f.ask_owner_email,
        content.stance_message,
    ),
    DeliveryKind.COMMITMENT_LATE: Kind(
        DeliveryKind.COMMITMENT_LATE,
        commitment_reminder,
        lambda f: f.ask_owner_email,
        content.commitment_message,
    ),
}


def recipients(kind: Kind, facts: Facts, settings: ReminderSettings) -> list[str]:
    """The owner's address, or the team address (REMINDERS_TO) when there is no owner (or
    the owner's address is not an address)."""
    owner = kind.owner(facts)
    if owner:
        try:
            return rules.parse_recipients(owner)[:1]
        except ValueError:
            pass
    return list(settings.team)


def planned(facts: Facts, reminder: Reminder, now: datetime, settings) -> Planned:
    kind = KINDS[reminder.kind]
    return Planned(
        reminder,
        recipients(kind, facts, settings),
        lambda: kind.message(facts, reminder, now=now, settings=settings),
    )


def load(session: Session, kind: DeliveryKind, **selection) -> dict[int, Any]:
    loaders: dict[DeliveryKind, Callable[..., dict[int, Any]]] = {
        DeliveryKind.ACTION_DUE: load_actions,
        DeliveryKind.STANCE_RECHECK: load_stances,
        DeliveryKind.COMMITMENT_LATE: load_commitments,
    }
    return loaders[kind](session, **selection)


def candidates(session: Session, *, since: datetime, now: datetime) -> list[Facts]:
    """The records whose reminder may fall due in (since, now]: a bounded window of each
    table by its indexed date column, the rest decided in Python."""
    first, last = uk_date(since) - timedelta(days=1), uk_date(now)
    actions = load_actions(
        session,
        where=(
            col(Interaction.archived_at).is_(None),
            col(FollowUpAction.due_on) >= first,
            col(FollowUpAction.due_on) <= last + timedelta(days=MOVED_DAYS),
        ),
    )
    stances = load_stances(
        session,
        where=(
            col(Person.erased_at).is_(None),
            col(Ask.archived_at).is_(None),
            col(Stance.recheck_by) >= first,
            col(Stance.recheck_by) <= last + timedelta(days=MOVED_DAYS),
        ),
    )
    commitments = load_commitments(
        session,
        where=(
            col(Commitment.archived_at).is_(None),
            col(Commitment.due_on) >= first - timedelta(days=LONGEST_PERIOD + 1),
            col(Commitment.due_on) < last,
        ),
    )
    return [*actions.values(), *stances.values(), *commitments.values()]


def kind_of(facts: Facts) -> Kind:
    if isinstance(facts, ActionFacts):
        return KINDS[DeliveryKind.ACTION_DUE]
    if isinstance(facts, StanceFacts):
        return KINDS[DeliveryKind.STANCE_RECHECK]
    return KINDS[DeliveryKind.COMMITMENT_LATE]


def send_due(
    session: Session, deliverer: Deliverer, *, since: datetime, now: datetime, settings
) -> None:
    """Send the stakeholder reminders that fell due in (since, now]; record those no longer
    needed (done, re-assessed, settled) as cancelled, once, with the reason."""
    to_send: list[Planned] = []
    not_needed: dict[str, list[Planned]] = {}
    for facts in candidates(session, since=since, now=now):
        reminder = kind_of(facts).due(facts, settings)
        if reminder is None or not since < reminder.due_at <= now:
            continue
        plan = planned(facts, reminder, now, settings)
        if facts.not_needed:
            not_needed.setdefault(f"Not needed: {facts.not_needed}.", []).append(plan)
        else:
            to_send.append(plan)
    deliverer.send(to_send)
    for note, plans in not_needed.items():
        deliverer.record(plans, DeliveryStatus.CANCELLED, note)


def judge(
    session: Session, rows: list, *, now: datetime, settings: ReminderSettings
) -> list[tuple[DeliveryStatus | None, str, Planned | None]]:
    """Before an e-mail is retried: (status, note, None) to close it, or (None, '', planned)
    to send it again. One query per kind (and 500 rows)."""
    wanted: dict[DeliveryKind, set[int]] = {}
    for row in rows:
        reminder = reminder_of(row)
        wanted.setdefault(reminder.kind, set()).add(reminder.subject_id)
    found = {kind: load(session, kind, ids=ids) for kind, ids in wanted.items()}
    return [_judge(row, found, now, settings) for row in rows]


def _judge(row, found: dict, now: datetime, settings):
    cancelled = DeliveryStatus.CANCELLED
    old = reminder_of(row)
    facts = found[old.kind].get(old.subject_id)
    if facts is None:
        return cancelled, "Cancelled: the record no longer exists.", None
    if facts.why_no_reminder:
        return cancelled, f"Cancelled: {facts.why_no_reminder}.", None
    if facts.not_needed:
        return cancelled, f"Not needed: {facts.not_needed}.", None
    kind = KINDS[old.kind]
    current = kind.due(facts, settings)
    if current is None or current.target_date != old.target_date:
        return cancelled, "Cancelled: the date changed; the reminder follows the new date.", None
    if row.recipient.lower() not in {r.lower() for r in recipients(kind, facts, settings)}:
        return cancelled, "Cancelled: no longer the recipient.", None
    return None, "", Planned(old, [], lambda: kind.message(facts, old, now=now, settings=settings))
