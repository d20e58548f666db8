"""Reading the audit log: newest first, filtered by kind, actor and UK dates, paginated."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from campaign.clock import UK
from campaign.common.listing import Page, paginate
from campaign.models import AuditEvent, AuditKind


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _uk_midnight(day: date) -> datetime:
    # In UTC: SQLite compares the stored text, which is always UTC.
    return datetime.combine(day, time(), tzinfo=UK).astimezone(UTC)


def event_listing(session: Session, *, args: dict[str, str], per_page: int = 25) -> Page:
    """`kind` (a value of AuditKind), `actor` (part of an e-mail address), `from` and `to`
    (ISO dates, inclusive, as days in UK time), `page`. Unreadable values are ignored."""
    query = select(AuditEvent)
    kind = (args.get("kind") or "").strip()
    if kind in AuditKind._value2member_map_:
        query = query.where(AuditEvent.kind == AuditKind(kind))
    actor = (args.get("actor") or "").strip().lower()
    if actor:
        query = query.where(func.lower(AuditEvent.actor_email).contains(actor, autoescape=True))
    since = _day(args.get("from"))
    if since is not None:
        query = query.where(AuditEvent.at >= _uk_midnight(since))
    until = _day(args.get("to"))
    if until is not None:
        query = query.where(AuditEvent.at < _uk_midnight(until + timedelta(days=1)))
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    return paginate(session, query, args=args, per_page=per_page)


def detail_summary(detail: dict[str, Any] | None) -> str:
    """'format: pdf · title: Ofcom meeting' (values shortened) for the list."""
    parts = []
    for name, value in (detail or {}).items():
        text = str(value)
        parts.append(f"{name}: {text if len(text) <= 80 else text[:79] + '…'}")
    return " · ".join(parts)
