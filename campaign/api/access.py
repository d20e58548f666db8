"""Who may see what through the API.

Until accounts and roles exist, nobody may see restricted evidence through the API: its text
and attribution are redacted everywhere. When roles arrive, this is the one place to decide
(e.g. `return current_user.has_role("safeguarding")`); the serialisers already take the flag.
"""

from __future__ import annotations


def can_see_restricted() -> bool:
    return False
