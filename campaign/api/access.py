"""Who may see what through the API: restricted evidence only with clearance.

The decision lives in `campaign.accounts.access` (one function for pages, the API and packs);
the serialisers take its answer as a flag and redact restricted text and attribution.
"""

from __future__ import annotations

from campaign.accounts.access import can_see_restricted

__all__ = ["can_see_restricted"]
