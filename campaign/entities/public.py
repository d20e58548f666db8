"""Building blocks of every record's JSON (each area's `public` functions use them).

Rules: exact decimals as strings ("33226", "0.5", never float) beside a `display` form; dates
ISO; enums as their values; another row is named by its key (asks: slug) with an `api_url`;
archived linked rows are left out of embedded lists, as in the UI. Plain functions, no
queries: callers load what they embed (each ApiSpec's loader options).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask import current_app, url_for

from campaign.models import Ask, Organisation, Response, ResponseAsk, Source

Json = dict[str, Any]


def api_url(endpoint: str, **values: Any) -> str:
    """`api_url("api.statistic", key="csam-offences")` -> 'https://…/api/v1/statistics/csam-…',
    built on PUBLIC_BASE_URL (the address people use) rather than the request's Host header,
    so links are stable behind any proxy."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return base + url_for(endpoint, **values)


def value(member: enum.Enum | str) -> str:
    """An enum as its stored value (a row built in memory may still hold the plain string)."""
    return member.value if isinstance(member, enum.Enum) else str(member)


def iso(when: date | datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def tracking(row: Any) -> Json:
    """When the row was made, changed and archived, and its `version` (the items that have
    one: a PATCH may send it back to say which version it changes)."""
    version = getattr(row, "version", None)
    return {
        "archived_at": iso(row.archived_at),
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        **({"version": version} if version is not None else {}),
    }


def active(rows: list[Any]) -> list[Any]:
    """Linked rows shown in embedded lists: archived rows are hidden, as in the UI."""
    return [row for row in rows if row.archived_at is None]


# -- references --------------------------------------------------------------------------


def organisation_ref(org: Organisation | None) -> Json | None:
    if org is None:
        return None
    return {"key": org.key, "name": org.name, "api_url": api_url("api.organisation", key=org.key)}


def ask_ref(ask: Ask) -> Json:
    return {"slug": ask.slug, "title": ask.title, "api_url": api_url("api.ask", slug=ask.slug)}


def response_ref(response: Response) -> Json:
    return {
        "key": response.key,
        "title": response.title,
        "date": iso(response.response_date),
        "api_url": api_url("api.response", key=response.key),
    }


def source_ref(source: Source | None) -> Json | None:
    """A source inline, with what a reader needs to judge a figure: who, when, where, what."""
    if source is None:
        return None
    return {
        "key": source.key,
        "title": source.title,
        "kind": value(source.kind),
        "publisher": source.publisher,
        "published_on": iso(source.published_on),
        "url": source.url,
        "coverage": source.coverage,
        "api_url": api_url("api.source", key=source.key),
    }


def linked_asks(links: list[Any]) -> list[Json]:
    """The active asks a row is linked to, by title, each with the link's note (and, for a
    response, the target's position on that ask as of the response)."""
    shown = sorted(
        (link for link in links if link.ask.archived_at is None),
        key=lambda link: (link.ask.title.lower(), link.ask.id),
    )
    return [
        {
            **ask_ref(link.ask),
            **({"position": value(link.position)} if isinstance(link, ResponseAsk) else {}),
            "note": link.note,
        }
        for link in shown
    ]
