"""Who may read restricted evidence (case studies about real children): only a signed-in user
with restricted-evidence clearance. The one place that decides, for pages, the API and packs.

Without clearance a restricted item is invisible, not just redacted: lists, searches, link
choices and the ask and source pages leave it out, and its own pages answer 404.
"""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user


def can_see_restricted() -> bool:
    return bool(
        has_request_context()
        and current_user.is_authenticated
        and current_user.restricted_clearance
    )


def visible_evidence(query, sensitivity_column=None):
    """`query` narrowed to the evidence this user may see (every row if cleared)."""
    if can_see_restricted():
        return query
    from campaign.models import Evidence, Sensitivity

    column = sensitivity_column if sensitivity_column is not None else Evidence.sensitivity
    return query.where(column != Sensitivity.RESTRICTED)
