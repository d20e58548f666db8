"""Stable, human-readable keys (and ask slugs) that identify rows across databases and bundles."""

from __future__ import annotations

from slugify import slugify
from sqlmodel import Session, select

from campaign.models.base import KEY_LENGTH


def natural_key_column(model):
    return getattr(model, model.__natural_key__)


def unique_key(session: Session, model, text: str, *, exclude_id: int | None = None) -> str:
    """A slug of `text` not yet used by `model`: 'ofcom', then 'ofcom-2', 'ofcom-3'…"""
    base = slugify(text, max_length=KEY_LENGTH - 6, word_boundary=True) or model.__tablename__
    column = natural_key_column(model)
    query = select(column).where(column.startswith(base))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    taken = set(session.exec(query))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
