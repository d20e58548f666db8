"""Archive and restore: the UI never hard-deletes; an archived row is hidden, not gone."""

from __future__ import annotations

from flask import abort
from sqlmodel import Session

from campaign.models.types import utcnow


def get_or_404(session: Session, model, ident: int, *, archived_ok: bool = True):
    obj = session.get(model, ident)
    if obj is None or (not archived_ok and obj.archived_at is not None):
        abort(404)
    return obj


def archive(session: Session, obj) -> None:
    if obj.archived_at is None:
        obj.archived_at = utcnow()
        session.add(obj)
        session.flush()


def restore(session: Session, obj) -> None:
    if obj.archived_at is not None:
        obj.archived_at = None
        session.add(obj)
        session.flush()
