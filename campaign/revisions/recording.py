"""Revisions written from session events, so no path that changes content can forget one.

At each flush (`before_flush`) the first time a revisioned item is seen changing in a unit of
work, its state before the change is captured (campaign.revisions.before). At commit
(`before_commit`) each captured item is compared with its state now, and a `Revision` is
written for it if its content changed: several flushes of one save make one revision, and a
change that only moves computed or bookkeeping columns (updated_at, version) makes none.
A rollback drops what was captured. The work is linear in the items changed (an import may
change 60,000): the session's sets are read once per flush, and the revisions of a commit are
inserted with one executemany.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import click
from flask import has_request_context, request
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from campaign.models import (
    Response,
    ResponseAsk,
    Revision,
    RevisionAction,
    Statistic,
    StatisticInput,
)
from campaign.revisions import revisioned
from campaign.revisions.snapshots import ARCHIVED, action_for, changes, snapshot

PENDING = "campaign.revisions.pending"
REVERTS = "campaign.revisions.reverts"
ACTOR = "campaign.revisions.actor"
# Columns that change without the content changing.
BOOKKEEPING = frozenset(
    {"created_at", "updated_at", "version", "computed_value", *Statistic.__computed__}
)


@dataclass
class Pending:
    obj: Any
    before: dict | None  # None: created in this unit of work


def _parent(session: Session, obj) -> Any | None:
    """The revisioned item a child row belongs to (a response's position on an ask, a
    derived statistic's input)."""
    if isinstance(obj, ResponseAsk):
        if obj.response is not None:
            return obj.response
        return _loaded(session, Response, obj.response_id)
    if isinstance(obj, StatisticInput):
        return _loaded(session, Statistic, obj.statistic_id)
    return None


def _loaded(session: Session, model, ident):
    # A child whose parent is new (no id yet) changes with the parent's own collection.
    if ident is None:
        return None
    return session.identity_map.get(session.identity_key(model, ident))


def _content_changed(obj) -> bool:
    """Whether any attribute other than bookkeeping has pending changes (no SQL)."""
    state = inspect(obj)
    return any(attr.key not in BOOKKEEPING and attr.history.has_changes() for attr in state.attrs)


def _before_flush(session: Session, _context, _instances) -> None:
    pending: dict[int, Pending] = session.info.setdefault(PENDING, {})
    # Each of these reads builds a new identity set of every such row in the session: read
    # them once per flush, never per row (per row made a large import quadratic).
    new, dirty, deleted = session.new, session.dirty, session.deleted
    candidates = []
    for obj in (*new, *dirty, *deleted):
        if type(obj) in revisioned():
            if obj in new or _content_changed(obj):
                candidates.append(obj)
        elif (parent := _parent(session, obj)) is not None:
            candidates.append(parent)
    for obj in candidates:
        if id(obj) in pending or obj in deleted:
            continue
        if obj in new:
            pending[id(obj)] = Pending(obj, None)
        else:
            with session.no_autoflush:
                pending[id(obj)] = Pending(obj, snapshot(obj, before=True))


def actor(session: Session) -> tuple[int | None, str, str]:
    """(user id, name, via) of whoever is making this change: the signed-in user (web or
    API), else the name `sign_as` gave the session, else the running command."""
    from flask import g
    from flask_login import current_user

    if has_request_context():
        via = "api" if request.path.startswith("/api/") else "web"
        user = current_user if g.get("_login_user") is not None else None
        if user is not None and user.is_authenticated:
            return user.id, user.display_name, via
        return None, "", via
    if ACTOR in session.info:
        return session.info[ACTOR]
    # A command (`flask import-bundle …`, the scheduler): named by the command itself.
    context = click.get_current_context(silent=True)
    return None, f"flask {context.command_path.split()[-1]}" if context else "", "cli"


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # the last changes, captured by _before_flush
    if not session.info.get(PENDING):
        return
    pending: dict[int, Pending] = session.info.pop(PENDING, {})
    reverts: dict[int, int] = session.info.pop(REVERTS, {})
    user_id, name, via = actor(session)
    rows = []
    for item in pending.values():
        obj = item.obj
        state = inspect(obj)
        if state.deleted or state.detached or obj.id is None:
            continue
        with session.no_autoflush:
            after = snapshot(obj)
        diff = changes(item.before, after)
        action = action_for(
            diff,
            created=item.before is None,
            archived=after[ARCHIVED],
            reverted=id(obj) in reverts,
        )
        if action is None:
            continue
        rows.append(
            {
                "entity": revisioned()[type(obj)],
                "entity_id": obj.id,
                "version": obj.version,
                "action": action,
                "actor_user_id": user_id,
                "actor": name,
                "via": via,
                "reverted_to": reverts.get(id(obj)) if action is RevisionAction.REVERT else None,
                "snapshot": after,
                "changes": diff,
            }
        )
    if rows:
        # One executemany, not a Revision object per row: building and flushing 60,000 of
        # them took over a quarter of a 60,000-row bundle import.
        session.execute(insert(Revision), rows)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(REVERTS, None)


@contextmanager
def reverting(session: Session, obj, version: int):
    """Mark the changes made to `obj` inside the block as restoring `version`'s content."""
    session.info.setdefault(REVERTS, {})[id(obj)] = version
    yield


def sign_as(session: Session, name: str, via: str, user_id: int | None = None) -> None:
    """Sign the changes `session` commits from now on, outside a request: a command run for an
    account (`flask import-bundle --by EMAIL` signs its revisions with that account)."""
    session.info[ACTOR] = (user_id, name, via)


def init_app(_app) -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)
