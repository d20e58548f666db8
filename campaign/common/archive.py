"""Archive and restore: the UI never hard-deletes; an archived row is hidden, not gone."""

from __future__ import annotations

from flask import abort
from sqlmodel import Session

from campaign import signals
from campaign.models.types import utcnow


def get_or_404(session: Session, model, ident: int, *, archived_ok: bool = True):
    obj = session.get(model, ident)
    if obj is None or (not archived_ok and obj.archived_at is not None):
        abort(404)
    return obj


def archive(session: Session, obj) -> None:
    """Archive `obj` (no change if it already is) and announce it (`archived_or_restored`)."""
    if obj.archived_at is None:
        obj.archived_at = utcnow()
        _saved(session, obj)


def restore(session: Session, obj) -> None:
    """Restore `obj` (no change if it is not archived) and announce it."""
    if obj.archived_at is not None:
        obj.archived_at = None
        _saved(session, obj)


def _saved(session: Session, obj) -> None:
    session.add(obj)
    session.flush()
    signals.archived_or_restored.send(type(obj), session=session, obj=obj)
