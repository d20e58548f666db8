"""Helpers shared by the areas' services (plain functions: no request, no flash)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select


class ServiceError(Exception):
    """A business rule refused the change; `field` names the form field to show it beside."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def attach(self, form) -> None:
        target = getattr(form, self.field, None) if self.field else None
        if target is not None:
            target.errors = [*target.errors, self.message]
        else:
            form.form_errors.append(self.message)


def assign(obj: Any, data: dict[str, Any], names: Iterable[str]) -> None:
    """Copy the named values from validated form data onto a row; blank strings stay ''."""
    for name in names:
        if name in data:
            setattr(obj, name, data[name])


def rows_by_ids(session: Session, model, ids: Iterable[int]) -> list:
    ids = [int(i) for i in ids]
    if not ids:
        return []
    rows = session.exec(select(model).where(model.id.in_(ids))).all()
    found = {row.id for row in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ServiceError(f"Unknown {model.__name__.lower()} id(s): {missing}")
    return list(rows)
