"""The delivery log's listing (filters, search, sort) and its counts per status."""

from __future__ import annotations

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from campaign.common.choosers import row_chooser
from campaign.common.listing import ListSpec, enum_filter, id_filter
from campaign.models import Delivery, DeliveryChannel, DeliveryKind, DeliveryStatus, Milestone

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
