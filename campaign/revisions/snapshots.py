"""An item's content as its form shows it, now or before this unit of work's changes, and
the field-by-field difference between two such snapshots."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect

from campaign.entities import entity_for
from campaign.revisions.before import Before

ARCHIVED = "archived"  # not a form field: whether the item is archived


def snapshot(obj, *, before: bool = False) -> dict[str, Any]:
    """{field: value} (campaign.common.formdata's shape) plus `archived`."""
    state = inspect(obj)
    unloaded = set(state.unloaded)
    source = Before(obj) if before else obj
    values = entity_for(type(obj)).values_of(source)
    values[ARCHIVED] = source.archived_at is not None
    # Leave the object as loaded as it was: a collection loaded only for the snapshot could
    # go stale in a session that does not expire on commit (rows added beside it).
    loaded_now = [name for name in unloaded if name not in state.unloaded]
    if loaded_now and state.persistent:
        state.session.expire(obj, loaded_now)
    return values


def _blank(value: Any) -> bool:
    return value in (None, "", [], False)


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields that differ; against nothing (a new item), the
    fields that were filled in."""
    if old is None:
        return {name: [None, value] for name, value in new.items() if not _blank(value)}
    out = {}
    for name in dict.fromkeys([*old, *new]):
        before, after = old.get(name), new.get(name)
        if before != after and not (_blank(before) and _blank(after)):
            out[name] = [before, after]
    return out


def action_for(diff: dict, *, created: bool, archived: bool, reverted: bool):
    """What a change was (a RevisionAction), or None when nothing in the content changed."""
    from campaign.models import RevisionAction

    if created:
        return RevisionAction.CREATE
    if not diff:
        return None
    if ARCHIVED in diff:
        return RevisionAction.ARCHIVE if archived else RevisionAction.RESTORE
    return RevisionAction.REVERT if reverted else RevisionAction.EDIT
