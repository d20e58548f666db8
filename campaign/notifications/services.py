"""Notifications: list, count and mark read. Plain functions, keyword-only `session`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select, update

from campaign.common.listing import Page
from campaign.models import Notification


def unread_count(session: Session) -> int:
    """One COUNT query: the number under the bell."""
    return session.exec(
        select(func.count()).select_from(Notification).where(col(Notification.read_at).is_(None))
    ).one()


def notifications_page(session: Session, *, page: int, per_page: int) -> Page[Notification]:
    """Newest first, in two queries whatever the page size."""
    total = session.exec(select(func.count()).select_from(Notification)).one()
    page = max(1, page)
    items = session.exec(
        select(Notification)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)


def mark_read(notification: Notification, *, session: Session, now: datetime) -> None:
    if notification.read_at is None:
        notification.read_at = now
        session.add(notification)
        session.flush()


def mark_all_read(*, session: Session, now: datetime) -> int:
    """Mark every unread notification read; returns how many there were."""
    result = session.exec(
        update(Notification).where(col(Notification.read_at).is_(None)).values(read_at=now)
    )
    return result.rowcount or 0


def safe_link(link: str | None) -> str | None:
    """The notification's target if it is a page of this app or a web address; anything
    else (e.g. `javascript:`) is not made a link."""
    link = (link or "").strip()
    if link.startswith("/") and not link.startswith("//"):
        return link
    if link.lower().startswith(("https://", "http://")):
        return link
    return None
