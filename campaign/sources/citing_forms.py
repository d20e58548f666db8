"""The fields statistics and evidence share: the source each cites, and the ask a new one is
linked to when it is created from an ask's page (campaign.sources.citing)."""

from __future__ import annotations

from campaign.asks.services import CHOOSER as ASK_CHOOSER
from campaign.common.chooser_field import ChooserField
from campaign.sources.filters import CHOOSER as SOURCE_CHOOSER


def source_field(description: str) -> ChooserField:
    """The Source field: a chooser, never a <select> of thousands (docs/choosers.md)."""
    return ChooserField("Source", chooser=SOURCE_CHOOSER, description=description)


def link_ask_field() -> ChooserField:
    return ChooserField(
        "Link to ask",
        chooser=ASK_CHOOSER,
        description="Optional: add it to this ask’s supporting material, after what is "
        "already there.",
    )
