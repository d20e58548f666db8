"""Triage: dismiss an item with a reason, or record what it became. Plain functions with a
keyword-only `session`; no request, no commit (the request commits once, campaign.db), so a
record and the item's new status are saved together or not at all."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from campaign.common.services import ServiceError
from campaign.models import (
    ItemRecordKind,
    ItemStatus,
    MonitorItem,
    MonitorItemRecord,
    Organisation,
)

REASON_MAX = 2000


def dismiss(
    item: MonitorItem, *, session: Session, reason: str, user_id: int | None, now: datetime
) -> None:
    """Not wanted, and why: the reason is required (it tunes the watches)."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Enter why you are dismissing this item.", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"The reason must be {REASON_MAX} characters or fewer.", field="reason")
    item.status = ItemStatus.DISMISSED
    item.dismissed_reason = reason
    item.triaged_by_id = user_id
    item.triaged_at = now
    session.add(item)
    session.flush()


def saved_id(row: Any) -> int:
    """A saved row's id (rows are flushed before they are linked)."""
    if row.id is None:
        raise LookupError(f"{row!r} is not saved yet")
    return int(row.id)


def record(
    item: MonitorItem,
    *,
    session: Session,
    kind: ItemRecordKind,
    record_id: int,
    user_id: int | None,
    now: datetime,
) -> MonitorItemRecord:
    """The item became this record: the record links back to it, and it is `linked`."""
    row = MonitorItemRecord(
        item_id=saved_id(item),
        kind=kind,
        record_id=record_id,
        created_by_id=user_id,
        created_at=now,
    )
    session.add(row)
    item.status = ItemStatus.LINKED
    item.triaged_by_id = user_id
    item.triaged_at = now
    session.add(item)
    session.flush()
    return row


def organisation_for(session: Session, item: MonitorItem) -> int | None:
    """The organisation the item comes from: the one the pass linked, else the only one not
    archived whose name is the item's organisation name (ignoring case), else None."""
    if item.organisation_id is not None:
        return item.organisation_id
    name = item.organisation_name.strip().casefold()
    if not name:
        return None
    ids = session.exec(
        select(col(Organisation.id)).where(
            func.lower(Organisation.name) == name, col(Organisation.archived_at).is_(None)
        )
    ).all()
    return ids[0] if len(ids) == 1 else None


def note_line(item: MonitorItem) -> str:
    """What "Note on a person" adds: '2026-11-20 Hansard debates: <title> <url>'."""
    return f"{item.date.isoformat()} {item.source.label}: {item.title} {item.url}".strip()


def appended(notes: str, line: str) -> str:
    """The person's notes with `line` after them, a blank line between."""
    notes = (notes or "").rstrip()
    return f"{notes}\n\n{line}" if notes else line
