"""The delivery log's listing (filters, search, sort) and its counts per status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from campaign.common.choosers import row_chooser
from campaign.common.listing import ListSpec, enum_filter, id_filter
from campaign.models import (
    Delivery,
    DeliveryChannel,
    DeliveryKind,
    DeliveryStatus,
    Milestone,
    MonitorItem,
)
from campaign.reminders.planning import SUBJECT_PREFIXES
from campaign.reminders.stakeholder_facts import load_actions, load_commitments, load_stances

# Every milestone with a reminder has deliveries (3,000 at demo scale 10): a chooser, never a
# <select> of them all (docs/choosers.md).
MILESTONE_CHOOSER = row_chooser(
    "milestone",
    Milestone,
    Milestone.title,
    lookup="delivery-milestones",
    where=col(Milestone.id).in_(select(Delivery.milestone_id)),
)

LISTING = ListSpec(
    model=Delivery,
    sorts={
        "due": Delivery.due_at,
        "status": Delivery.status,
        "attempts": Delivery.attempts,
        "sent": Delivery.sent_at,
    },
    default_sort="-due",
    search=[Delivery.recipient],
    filters=[
        enum_filter("status", "Status", Delivery.status, DeliveryStatus),
        enum_filter("channel", "Channel", Delivery.channel, DeliveryChannel),
        enum_filter("kind", "Kind", Delivery.kind, DeliveryKind),
        id_filter("milestone", "Milestone", Delivery.milestone_id, chooser=MILESTONE_CHOOSER),
    ],
    options=[selectinload(Delivery.milestone), selectinload(Delivery.response)],
)


def status_counts(session: Session) -> list[tuple[DeliveryStatus, int]]:
    """Every status with its number of deliveries (zeros included), in one query."""
    counts = dict(
        session.exec(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
    )
    return [(status, counts.get(status, 0)) for status in DeliveryStatus]


def describe_offset(offset_days: int | None) -> str:
    """7 -> '7 days before'; 1 -> '1 day before'; 0 -> 'on the day'; None -> ''."""
    if offset_days is None:
        return ""
    if offset_days == 0:
        return "on the day"
    days = abs(offset_days)
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} {'before' if offset_days > 0 else 'after'}"


class Subject(NamedTuple):
    """What a stakeholder reminder is about, as the log links to it."""

    title: str
    path: str


def subjects(session: Session, rows: Iterable[Delivery]) -> dict[str, Subject]:
    """{"action:12": Subject(...)} for the page's reminders about follow-up actions, stance
    re-checks and commitments (issue 18): one query per kind, whatever the page holds. Links
    are paths (/interactions/<key>, /people/<key>, /commitments/<key>), as in the e-mails."""
    wanted: dict[str, set[int]] = {prefix: set() for prefix in SUBJECT_PREFIXES.values()}
    found: dict[str, Subject] = {}
    for row in rows:
        prefix, _, ident = (row.subject or "").partition(":")
        if prefix in wanted and ident.isdigit():
            wanted[prefix].add(int(ident))
        elif prefix == "digest":  # the monitoring digest of a day (issue 19)
            found[row.subject or ""] = Subject(f"Monitoring digest of {ident}", "/inbox/")
    if wanted["action"]:
        for a in load_actions(session, ids=wanted["action"]).values():
            title = f"{a.description} (from “{a.interaction_title}”)"
            found[f"action:{a.id}"] = Subject(title, f"/interactions/{a.interaction_key}")
    if wanted["stance"]:
        for s in load_stances(session, ids=wanted["stance"]).values():
            title = f"{s.person_name}’s stance on “{s.ask_title}”"
            found[f"stance:{s.id}"] = Subject(title, f"/people/{s.person_key}")
    if wanted["commitment"]:
        for c in load_commitments(session, ids=wanted["commitment"]).values():
            found[f"commitment:{c.id}"] = Subject(f"{c.who}: {c.title}", f"/commitments/{c.key}")
    if wanted["item"]:
        items = select(MonitorItem).where(col(MonitorItem.id).in_(wanted["item"]))
        for item in session.exec(items).all():
            found[f"item:{item.id}"] = Subject(f"Inbox item: {item.title}", f"/inbox/{item.id}")
    return found


def target_words(kind: DeliveryKind) -> str:
    """How the log introduces a delivery's date: 'for' a milestone's day or a reply-expected
    date, 'due' for an action, 're-check by' for a stance, 'due by' for a commitment."""
    return {
        DeliveryKind.ACTION_DUE: "due",
        DeliveryKind.STANCE_RECHECK: "re-check by",
        DeliveryKind.COMMITMENT_LATE: "due by",
    }.get(kind, "for")
