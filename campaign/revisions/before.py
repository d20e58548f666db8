"""`Before(obj)`: an item as it was before the changes waiting in its session, read from
SQLAlchemy's attribute history, so the form that renders an item can render its old state
too (campaign.revisions.snapshots) without a second copy of each area's fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import RelationshipProperty


def _order_key(value: Any):
    return (value is None, value)


class Before:
    """Read-only: mapped attributes give their pre-change value; related rows are wrapped
    too; anything else (properties, methods) is read from the object itself."""

    __slots__ = ("_obj", "_state")

    def __init__(self, obj):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_state", inspect(obj))

    def __getattr__(self, name: str):
        obj, state = self._obj, self._state
        prop = state.mapper.attrs.get(name)
        if prop is None:
            return getattr(obj, name)
        history = state.attrs[name].load_history()
        if isinstance(prop, RelationshipProperty):
            if prop.uselist:
                if history.has_changes():
                    items = [Before(i) for i in (*history.unchanged, *history.deleted)]
                    # The collection's own order (StatisticInput.position, Tag.name …).
                    keys = [c.key for c in (prop.order_by or ())]
                    if keys:
                        items.sort(key=lambda i: tuple(_order_key(getattr(i, k)) for k in keys))
                    return items
                return [Before(i) for i in getattr(obj, name)]
            if history.has_changes():
                value = history.deleted[0] if history.deleted else None
            else:
                value = getattr(obj, name)
            return None if value is None else Before(value)
        if history.has_changes():
            return history.deleted[0] if history.deleted else None
        return getattr(obj, name)

    def __setattr__(self, name, value):  # pragma: no cover - a programming error
        raise AttributeError("Before(...) is read-only")
