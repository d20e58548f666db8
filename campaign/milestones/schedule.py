"""A milestone's reminders as the milestone page and the timeline show them: which offsets
apply, when each falls due (UK time), who gets it, and what the reminder engine has delivered.

The rules themselves (offsets, recipients, due times) live in `campaign.reminders.rules`; this
module only applies them for display. Reminders exist only for live, not-done milestones whose
date is known to the day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from campaign.milestones.services import sentence
from campaign.models import DatePrecision, Delivery, Milestone
from campaign.reminders import rules, workdays

IN_APP = "In-app notification"
NO_EMAIL = (
    "This milestone's reminders reach no e-mail address, only the app's notifications: no "
    "linked ask has an owner e-mail, the milestone has no “Also remind” addresses and no team "
    "address (REMINDERS_TO) is set. Add an address in “Also remind” to have them e-mailed."
)


@dataclass(frozen=True)
class ReminderPlan:
    """The offsets that apply, or why there are no reminders (`reason`)."""

    offsets: list[int]
    is_default: bool
    reason: str | None = None

    @property
    def active(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class ScheduledReminder:
    offset_days: int
    due_at: datetime  # aware, UTC
    passed: bool
    # The day it would fall on, when that is not a working day, and why ("a weekend").
    moved_from: date | None = None
    moved_because: str | None = None


@dataclass(frozen=True)
class ReminderSchedule:
    plan: ReminderPlan
    reminders: list[ScheduledReminder] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # e-mail addresses, then IN_APP
    problem: str | None = None  # a recipient setting that cannot be read

    @property
    def no_email_warning(self) -> str | None:
        """NO_EMAIL when its reminders would go to no e-mail address at all (only the in-app
        notification); None otherwise, or when there are no reminders."""
        reaches_none = self.plan.active and self.problem is None and self.recipients == [IN_APP]
        return NO_EMAIL if reaches_none else None

    @property
    def upcoming(self) -> bool:
        return any(not r.passed for r in self.reminders)


def reminder_plan(milestone: Milestone, *, default_offsets: str) -> ReminderPlan:
    is_default = milestone.reminder_offsets is None
    if milestone.archived_at is not None:
        return ReminderPlan([], is_default, "No reminders: the milestone is archived.")
    if milestone.done_at is not None:
        return ReminderPlan([], is_default, "No reminders: the milestone is done.")
    if milestone.date_precision != DatePrecision.DAY:
        period = "month" if milestone.date_precision == DatePrecision.MONTH else "year"
        return ReminderPlan(
            [], is_default, f"No reminders: the date is only known to the {period}."
        )
    try:
        offsets = rules.offsets_for(milestone, default_offsets)
    except ValueError as exc:
        where = "the REMINDER_OFFSETS setting" if is_default else "this milestone's reminder days"
        return ReminderPlan(
            [], is_default, f"No reminders: {where} cannot be read. {sentence(exc)}"
        )
    if not offsets:
        return ReminderPlan([], is_default, "No reminders: turned off for this milestone.")
    return ReminderPlan(offsets, is_default)


def reminder_schedule(
    session: Session,
    milestone: Milestone,
    *,
    default_offsets: str,
    team_address: str,
    hour: int,
    now: datetime,
) -> ReminderSchedule:
    """Each offset's due time (at `hour`, UK time) and the recipients, as the engine sends."""
    plan = reminder_plan(milestone, default_offsets=default_offsets)
    if not plan.active:
        return ReminderSchedule(plan)
    reminders = []
    for days in plan.offsets:
        due = rules.due_at(milestone.milestone_date, days, hour=hour)
        nominal = milestone.milestone_date - timedelta(days=days)
        because = workdays.why_not_a_working_day(nominal)
        reminders.append(
            ScheduledReminder(
                days,
                due,
                passed=due <= now,
                moved_from=nominal if because else None,
                moved_because=because,
            )
        )
    try:
        emails = rules.recipients_for(session, milestone, team_address=team_address)
    except ValueError as exc:
        return ReminderSchedule(plan, reminders, [IN_APP], problem=sentence(exc))
    return ReminderSchedule(plan, reminders, [*emails, IN_APP])


def delivery_history(session: Session, milestone: Milestone) -> list[Delivery]:
    """What the reminder engine has claimed or delivered for this milestone, latest first."""
    return list(
        session.exec(
            select(Delivery)
            .where(Delivery.milestone_id == milestone.id)
            .order_by(
                col(Delivery.due_at).desc(), Delivery.channel, Delivery.recipient, Delivery.id
            )
        )
    )
