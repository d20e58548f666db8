"""Absolute links in API bodies (campaign.entities.public.api_url) and the next page's."""

from __future__ import annotations

from collections.abc import Mapping

from flask import request

from campaign.entities.public import api_url

__all__ = ["api_url", "page_url"]


def page_url(page: int, args: Mapping[str, str]) -> str:
    """The current list endpoint with the same query arguments, on another page."""
    return api_url(request.endpoint or "", **{**args, "page": str(page)})
