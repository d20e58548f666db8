"""Telling watches' owners about new items: at once, or in one daily digest
(docs/monitoring.md, "Alerts").

- `after_pass` (after every monitoring pass): each new item (status new, not a duplicate)
  matched in the last 24 hours by an active *immediate* watch is sent once per recipient
  (the watch's owner, or the team address REMINDERS_TO when it has none), however many of
  their watches matched it, by e-mail, and once to the app as a notification.
- `send_digest` (once a day, at MONITOR_DIGEST_HOUR UK time): each recipient of active
  *digest* watches gets one e-mail listing the new items those watches matched since the
  previous digest, each once, grouped by ask; items a watch of theirs at the immediate level
  also matched are left out (they were alerted at once). Nothing new, no e-mail. The team
  gets one in-app notice, "N new items in the monitoring inbox".

Both go through the reminders' delivery log (campaign.reminders.deliveries): a Delivery of
kind MONITOR_ALERT (subject "item:<id>") or MONITOR_DIGEST ("digest:<YYYY-MM-DD>") per
recipient and channel, claimed by its unique key before anything is sent, so a second call,
a second process or a restart sends nothing twice; a failed e-mail is retried by the
reminders' retry pass, which asks `judge` here whether it is still wanted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, select

from campaign.clock import UK
from campaign.models import (
    AlertLevel,
    Ask,
    DeliveryChannel,
    DeliveryKind,
    DeliveryStatus,
    ItemStatus,
    MonitorItem,
    MonitorMatch,
    MonitorSource,
    User,
    Watch,
)
from campaign.monitoring.alert_content import (
    AskRef,
    ItemFacts,
    alert_message,
    digest_message,
    digest_notice,
)
from campaign.reminders import rules
from campaign.reminders.deliveries import Deliverer, Planned, Summary, reminder_of
from campaign.reminders.facts import chunks
from campaign.reminders.mailer import Mailer, mailer_for
from campaign.reminders.planning import Reminder, ReminderSettings, uk_date

ALERT_WINDOW = timedelta(hours=24)  # an immediate alert is for an item matched this recently


class DigestReminder(Reminder):
    """The digest of one day: its subject and keys name the day ("digest:2026-12-07")."""

    __slots__ = ()

    @property
    def subject(self) -> str | None:
        return f"digest:{self.target_date.isoformat()}"

    def dedupe_key(self, channel: DeliveryChannel, recipient: str) -> str:
        return f"{self.subject}:{channel.value}:{recipient.lower()}"


def digest_reminder(day: date, due_at: datetime) -> DigestReminder:
    return DigestReminder(DeliveryKind.MONITOR_DIGEST, 0, None, day, due_at)


# -- who is told, about what --------------------------------------------------------------
@dataclass
class Wanted:
    """An item's recipients at one alert level, and when a watch of that level first matched."""

    recipients: dict[str, str]  # lower-cased address -> address
    first_matched: datetime


def recipients_of(email: str | None, active: bool | None, settings: ReminderSettings) -> list[str]:
    """The watch owner's address, or the team address (REMINDERS_TO) when the watch has no
    owner, or an owner who can no longer sign in or whose address is not one."""
    if email and active:
        try:
            return rules.parse_recipients(email)[:1]
        except ValueError:
            pass
    return list(settings.team)


def wanted(
    session: Session,
    level: AlertLevel,
    *where: ColumnElement[bool],
    settings: ReminderSettings,
) -> dict[int, Wanted]:
    """{item id: Wanted} for the new, not duplicate items matched by active watches of this
    level (and `where`, conditions on the match or the item)."""
    rows = session.exec(
        select(
            col(MonitorMatch.item_id),
            col(MonitorMatch.matched_at),
            col(User.email),
            col(User.is_active),
        )
        .join(Watch, col(Watch.id) == col(MonitorMatch.watch_id))
        .join(MonitorItem, col(MonitorItem.id) == col(MonitorMatch.item_id))
        .outerjoin(User, col(User.id) == col(Watch.owner_id))
        .where(
            col(Watch.archived_at).is_(None),
            col(Watch.alert_level) == level,
            col(MonitorItem.status) == ItemStatus.NEW,
            col(MonitorItem.duplicate_of_id).is_(None),
            *where,
        )
    ).all()
    found: dict[int, Wanted] = {}
    for item_id, matched_at, email, active in rows:
        entry = found.setdefault(item_id, Wanted({}, matched_at))
        entry.first_matched = min(entry.first_matched, matched_at)
        for address in recipients_of(email, active, settings):
            entry.recipients.setdefault(address.lower(), address)
    return found


def describe(session: Session, item_ids: Iterable[int]) -> dict[int, ItemFacts]:
    """The items as the alerts show them, with the terms every active watch matched and the
    asks (not archived) of those watches."""
    facts: dict[int, ItemFacts] = {}
    for batch in chunks(item_ids):
        for item in session.exec(select(MonitorItem).where(col(MonitorItem.id).in_(batch))):
            if item.id is None:
                continue
            facts[item.id] = ItemFacts(
                id=item.id,
                title=item.title,
                source_label=MonitorSource(item.source).label,
                date=item.date,
                kind=item.kind,
                snippet=item.snippet,
                licence=item.licence,
                url=item.url,
            )
        rows = session.exec(
            select(
                col(MonitorMatch.item_id),
                col(MonitorMatch.terms),
                col(Ask.title),
                col(Ask.slug),
            )
            .join(Watch, col(Watch.id) == col(MonitorMatch.watch_id))
            .outerjoin(Ask, and_(col(Ask.id) == col(Watch.ask_id), col(Ask.archived_at).is_(None)))
            .where(col(MonitorMatch.item_id).in_(batch), col(Watch.archived_at).is_(None))
            .order_by(col(MonitorMatch.matched_at), col(MonitorMatch.watch_id))
        ).all()
        for item_id, terms, title, slug in rows:
            ask = AskRef(title, slug) if title is not None else None
            facts[item_id].add(list(terms or []), ask)
    return facts


# -- immediate alerts ----------------------------------------------------------------------
def _alert_planned(facts: ItemFacts, who: list[str], due: datetime, settings) -> Planned:
    reminder = Reminder(DeliveryKind.MONITOR_ALERT, facts.id, None, facts.date, due)
    return Planned(reminder, who, lambda: alert_message(facts, settings=settings))


def after_pass(
    session: Session, config: Any, *, now: datetime, mailer: Mailer | None = None
) -> Summary:
    """Alert the owners of immediate watches about the new items matched in the last 24
    hours: once per item and recipient, by e-mail and in the app. Commits."""
    settings = ReminderSettings.from_config(config)
    found = wanted(
        session,
        AlertLevel.IMMEDIATE,
        col(MonitorMatch.matched_at) > now - ALERT_WINDOW,
        col(MonitorMatch.matched_at) <= now,
        settings=settings,
    )
    facts = describe(session, found)
    planned = [
        _alert_planned(facts[item_id], sorted(w.recipients.values()), w.first_matched, settings)
        for item_id, w in sorted(found.items())
    ]
    deliverer = Deliverer(session, now=now, mailer=mailer or mailer_for(config), settings=settings)
    deliverer.send(planned)
    return deliverer.summary


# -- the daily digest ----------------------------------------------------------------------
def digest_window(now: datetime, hour: int) -> tuple[date, datetime, datetime]:
    """The latest digest due at `now`: its day, and the window it covers, from the previous
    day's digest time (excluded) to its own (included), MONITOR_DIGEST_HOUR UK time."""
    day = uk_date(now)
    end = rules.at_hour(day, hour=hour)
    if end > now:
        day -= timedelta(days=1)
        end = rules.at_hour(day, hour=hour)
    return day, rules.at_hour(day - timedelta(days=1), hour=hour), end


def digests(
    session: Session, *, start: datetime, end: datetime, settings: ReminderSettings
) -> dict[str, tuple[str, list[ItemFacts]]]:
    """{lower-cased address: (address, items)}: each recipient's new items matched by their
    active digest watches in (start, end], each once, minus those an immediate watch of the
    same recipient matched (alerted at once)."""
    found = wanted(
        session,
        AlertLevel.DIGEST,
        col(MonitorMatch.matched_at) > start,
        col(MonitorMatch.matched_at) <= end,
        settings=settings,
    )
    if not found:
        return {}
    alerted: dict[int, Wanted] = {}
    for batch in chunks(found):
        alerted.update(
            wanted(
                session,
                AlertLevel.IMMEDIATE,
                col(MonitorMatch.item_id).in_(batch),
                settings=settings,
            )
        )
    facts = describe(session, found)
    result: dict[str, tuple[str, list[ItemFacts]]] = {}
    for item_id, w in sorted(found.items()):
        for key, address in w.recipients.items():
            if item_id in alerted and key in alerted[item_id].recipients:
                continue
            result.setdefault(key, (address, []))[1].append(facts[item_id])
    return result


def send_digest(
    session: Session, config: Any, *, now: datetime, mailer: Mailer | None = None
) -> Summary:
    """Send the latest digest due at `now` (MONITOR_DIGEST_HOUR, UK time, today or else
    yesterday): one e-mail per recipient, and one in-app notice; nothing when nothing is new.
    Sent once per day and recipient however often it is called. Commits."""
    settings = ReminderSettings.from_config(config)
    day, start, end = digest_window(now, int(config["MONITOR_DIGEST_HOUR"]))
    per_recipient = digests(session, start=start, end=end, settings=settings)
    deliverer = Deliverer(session, now=now, mailer=mailer or mailer_for(config), settings=settings)
    if not per_recipient:
        return deliverer.summary
    reminder = digest_reminder(day, end)
    total = len({item.id for _, items in per_recipient.values() for item in items})
    # The team's notice first: the per-recipient e-mails then find its in-app key taken.
    deliverer.send([Planned(reminder, [], lambda: digest_notice(day, total))])
    # A Deliverer of its own: a Deliverer keeps messages by their Planned's id(), which a
    # later Planned may reuse once the first is gone.
    deliverer = Deliverer(
        session, now=now, mailer=deliverer.mailer, settings=settings, summary=deliverer.summary
    )
    deliverer.send(
        [
            _digest_planned(reminder, address, items, settings)
            for _key, (address, items) in sorted(per_recipient.items())
        ]
    )
    return deliverer.summary


def _digest_planned(reminder: DigestReminder, address: str, items, settings) -> Planned:
    return Planned(
        reminder,
        [address],
        lambda: digest_message(reminder.target_date, items, settings=settings),
    )


# -- retries (campaign.reminders.retries asks before sending a failed e-mail again) --------
KINDS = frozenset({DeliveryKind.MONITOR_ALERT, DeliveryKind.MONITOR_DIGEST})
Verdict = tuple[DeliveryStatus | None, str, Planned | None]


def judge(session: Session, rows: list, *, now: datetime, settings) -> list[Verdict]:
    """For each failed (or abandoned) alert or digest e-mail: (status, note, None) to close
    it, or (None, '', planned) to send it again, worded as the data now stands."""
    alerts = [row for row in rows if DeliveryKind(row.kind) == DeliveryKind.MONITOR_ALERT]
    item_ids = {reminder_of(row).subject_id for row in alerts}
    items = {
        item.id: item
        for batch in chunks(item_ids)
        for item in session.exec(select(MonitorItem).where(col(MonitorItem.id).in_(batch)))
    }
    still: dict[int, Wanted] = {}
    for batch in chunks(item_ids):
        still.update(
            wanted(
                session,
                AlertLevel.IMMEDIATE,
                col(MonitorMatch.item_id).in_(batch),
                settings=settings,
            )
        )
    facts = describe(session, still)
    days: dict[date, dict[str, tuple[str, list[ItemFacts]]]] = {}
    verdicts: list[Verdict] = []
    for row in rows:
        if DeliveryKind(row.kind) == DeliveryKind.MONITOR_ALERT:
            verdicts.append(_judge_alert(row, items, still, facts, settings))
            continue
        day = date.fromisoformat((row.subject or "").partition(":")[2])
        if day not in days:  # the window it covered: from the day before's digest time
            start = rules.at_hour(day - timedelta(days=1), hour=_uk_hour(row.due_at))
            days[day] = digests(session, start=start, end=row.due_at, settings=settings)
        mine = days[day].get(row.recipient.lower())
        if not mine:
            note = "Not needed: every item of this digest was triaged meanwhile."
            verdicts.append((DeliveryStatus.CANCELLED, note, None))
            continue
        reminder = digest_reminder(day, row.due_at)
        verdicts.append((None, "", _digest_planned(reminder, mine[0], mine[1], settings)))
    return verdicts


def _uk_hour(moment: datetime) -> int:
    return moment.astimezone(UK).hour


def _judge_alert(row, items: dict, still: dict[int, Wanted], facts, settings) -> Verdict:
    cancelled = DeliveryStatus.CANCELLED
    reminder = reminder_of(row)
    item = items.get(reminder.subject_id)
    if item is None:
        return cancelled, "Cancelled: the item no longer exists.", None
    if item.status == ItemStatus.DISMISSED:
        return cancelled, "Not needed: the item was dismissed.", None
    if item.status == ItemStatus.LINKED:
        return cancelled, "Not needed: the item was turned into a record.", None
    if item.duplicate_of_id is not None:
        return cancelled, "Not needed: the item is a duplicate of another in the inbox.", None
    w = still.get(reminder.subject_id)
    if w is None or row.recipient.lower() not in w.recipients:
        return cancelled, "Cancelled: no longer a recipient (the watch changed).", None
    f = facts[reminder.subject_id]
    return None, "", Planned(reminder, [], lambda: alert_message(f, settings=settings))
