"""Revisions for changes written with Core executemany (FOI returns imports), which the
session events in `recording` never see: snapshot the rows before, write, snapshot after,
and insert their revisions in one executemany."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload
from sqlmodel import Session

from campaign.models import Revision, Statistic
from campaign.revisions import revisioned
from campaign.revisions.recording import actor
from campaign.revisions.snapshots import ARCHIVED, action_for, changes, snapshot

CHUNK = 500
LOADERS = {Statistic: (selectinload(Statistic.inputs),)}


def snapshots(session: Session, model, ids: Iterable[int]) -> dict[int, dict]:
    """{id: snapshot} of these rows as the database holds them now."""
    ids = sorted(set(ids))
    out: dict[int, dict] = {}
    with session.no_autoflush:
        for start in range(0, len(ids), CHUNK):
            query = (
                select(model)
                .where(model.id.in_(ids[start : start + CHUNK]))
                .options(*LOADERS.get(model, ()))
                .execution_options(populate_existing=True)
            )
            for obj in session.scalars(query):
                out[obj.id] = snapshot(obj) | {"_version": obj.version}
    return out


def record(session: Session, model, before: dict[int, dict], after: dict[int, dict]) -> int:
    """Insert a revision for each row of `after` that was created (not in `before`) or whose
    content changed; returns how many."""
    user_id, name, via = actor(session)
    rows = []
    for ident, new in after.items():
        version = new.pop("_version")
        old = before.get(ident)
        if old is not None:
            old = {k: v for k, v in old.items() if k != "_version"}
        diff = changes(old, new)
        action = action_for(diff, created=old is None, archived=new[ARCHIVED], reverted=False)
        if action is None:
            continue
        rows.append(
            {
                "entity": revisioned()[model],
                "entity_id": ident,
                "version": version,
                "action": action,
                "actor_user_id": user_id,
                "actor": name,
                "via": via,
                "reverted_to": None,
                "snapshot": new,
                "changes": diff,
            }
        )
    if rows:
        session.execute(insert(Revision), rows)
    return len(rows)
