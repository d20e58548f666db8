"""Who may read restricted evidence (case studies about real children): only a signed-in user
with restricted-evidence clearance. The one place that decides, for pages, the API and packs."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user


def can_see_restricted() -> bool:
    return bool(
        has_request_context()
        and current_user.is_authenticated
        and current_user.restricted_clearance
    )
