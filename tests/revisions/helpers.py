"""Posting an item's edit form as a browser would: its current values, some changed; and
counting how often a unit of work reads the session's sets of new, changed and deleted rows."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from campaign.common.formdata import to_formdata
from campaign.db import get_engine
from campaign.entities import entity_for

TITLE = {"Statistic": "label"}  # the field that names the item; "title" elsewhere


def title_field(model) -> str:
    return TITLE.get(model.__name__, "title")


def edit_data(app, model, ident, *, version=None, **changes):
    """The item's edit form as posted: its values now, with `changes`, read at `version`
    (default: its current version)."""
    views = entity_for(model)
    with app.test_request_context(), Session(get_engine()) as session:
        obj = session.get(model, ident)
        values = views.values_of(obj)
        current = obj.version
    values.update(changes)
    data = to_formdata(values)
    data["version"] = str(current if version is None else version)
    return data


def count_set_reads(monkeypatch) -> Counter:
    """How often `Session.new`, `.dirty` and `.deleted` are read from now on (each read builds
    the whole set: reading one per row makes a large unit of work quadratic)."""
    reads: Counter = Counter()
    for name in ("new", "dirty", "deleted"):
        original = getattr(OrmSession, name)

        def read(self, _get=original.fget, _name=name):
            reads[_name] += 1
            return _get(self)

        monkeypatch.setattr(OrmSession, name, property(read, doc=original.__doc__))
    return reads
