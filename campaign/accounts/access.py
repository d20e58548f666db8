"""Who may read and write restricted evidence (case studies about real children): only a user
with restricted-evidence clearance. The one place that decides, for every door: pages, forms,
the API, packs, the ask page's links, bundles (web and `flask import-bundle --by`) and any
future importer.

Without clearance a restricted item is invisible, not just redacted: lists, searches, link
choices and the ask and source pages leave it out, its own pages answer 404, and nothing can
read, change, link or make one. Whose rules apply: in a request, the signed-in user's; in a
command, the user it acts for (`acting_as`), or the trusted console; anywhere else (jobs), no
clearance.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context
from flask_login import current_user

from campaign.common.services import ServiceError
from campaign.models import Evidence, Sensitivity

RESTRICTED_NEEDS_CLEARANCE = "Making evidence restricted needs restricted-evidence clearance."

# A command's clearance while it acts (`acting_as`); None outside one.
_command_clearance: ContextVar[bool | None] = ContextVar("command_clearance", default=None)


def is_cleared(user: Any) -> bool:
    """Whether this user (signed in, active) holds restricted-evidence clearance."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.restricted_clearance
    )


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Apply `user`'s rules until the block ends (a command run with `--by EMAIL`). `None` is
    the trusted console, which is cleared like the database itself."""
    token = _command_clearance.set(True if user is None else is_cleared(user))
    try:
        yield
    finally:
        _command_clearance.reset(token)


def can_see_restricted() -> bool:
    command = _command_clearance.get()
    if command is not None:
        return command
    return has_request_context() and is_cleared(current_user)


def visible_evidence(query, sensitivity_column=None):
    """`query` narrowed to the evidence this user may see (every row if cleared)."""
    if can_see_restricted():
        return query
    column = sensitivity_column if sensitivity_column is not None else Evidence.sensitivity
    return query.where(column != Sensitivity.RESTRICTED)


def may_see_evidence(item: Any) -> bool:
    """Whether this user may see this evidence item, and so change it or link it: without
    clearance a restricted item must be answered exactly as one that does not exist."""
    return item.sensitivity != Sensitivity.RESTRICTED or can_see_restricted()


def may_set_sensitivity(sensitivity: Any) -> bool:
    """Whether this user may give an evidence item this sensitivity (a `Sensitivity` or its
    value): making an item restricted needs clearance."""
    return str(sensitivity) != Sensitivity.RESTRICTED.value or can_see_restricted()


def check_sensitivity(sensitivity: Any) -> None:
    """`ServiceError` on the sensitivity field when this user may not set it."""
    if not may_set_sensitivity(sensitivity):
        raise ServiceError(RESTRICTED_NEEDS_CLEARANCE, field="sensitivity")
