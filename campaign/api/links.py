"""Absolute links in API bodies, built on PUBLIC_BASE_URL (the address people use to reach the
app) rather than the request's Host header, so links are stable behind any proxy."""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, request, url_for


def api_url(endpoint: str, **values: object) -> str:
    """`api_url("api.statistic", key="csam-offences")` -> 'https://…/api/v1/statistics/csam-…'."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return base + url_for(endpoint, **values)


def page_url(page: int, args: Mapping[str, str]) -> str:
    """The current list endpoint with the same query arguments, on another page."""
    return api_url(request.endpoint or "", **{**args, "page": str(page)})
