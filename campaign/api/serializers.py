"""Rows to JSON-ready dicts. Plain functions, no queries: callers load what they embed.

Rules: exact decimals as strings ("33226", "0.5", never float) beside a `display` form; dates
ISO (a milestone's at its precision: "2026-07"); enums as their values; another row is named by
its key (asks: slug) with an `api_url`; every statistic carries its source inline; restricted
evidence is left out of an ask unless the caller may see it (lists and details leave it out
through `resources.EVIDENCE`'s scope), and would lose its text and attribution if shown.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from campaign.api.links import api_url
from campaign.models import (
    Ask,
    Evidence,
    Milestone,
    Organisation,
    Response,
    ResponseAsk,
    Sensitivity,
    Source,
    Statistic,
)
from campaign.models.precise_dates import format_precise_date
from campaign.models.types import canonical_decimal
from campaign.rendering import format_date, format_statistic
from campaign.responses.positions import PositionEntry
from campaign.statistics.derived import input_keys

Json = dict[str, Any]


def _value(member: enum.Enum | str) -> str:
    """An enum as its stored value (a row built in memory may still hold the plain string)."""
    return member.value if isinstance(member, enum.Enum) else str(member)


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _tracking(row: Any) -> Json:
    """When the row was made, changed and archived, and its `version` (the items that have
    one: a PATCH may send it back to say which version it changes)."""
    version = getattr(row, "version", None)
    return {
        "archived_at": _iso(row.archived_at),
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
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
        "date": _iso(response.response_date),
        "api_url": api_url("api.response", key=response.key),
    }


def source_ref(source: Source | None) -> Json | None:
    """A source inline, with what a reader needs to judge a figure: who, when, where, what."""
    if source is None:
        return None
    return {
        "key": source.key,
        "title": source.title,
        "kind": _value(source.kind),
        "publisher": source.publisher,
        "published_on": _iso(source.published_on),
        "url": source.url,
        "coverage": source.coverage,
        "api_url": api_url("api.source", key=source.key),
    }


# -- organisations and sources -----------------------------------------------------------


def organisation_dict(org: Organisation) -> Json:
    return {
        "key": org.key,
        "name": org.name,
        "kind": _value(org.kind),
        "parent": organisation_ref(org.parent),
        "website": org.website,
        "notes": org.notes,
        **_tracking(org),
        "api_url": api_url("api.organisation", key=org.key),
        "asks_url": api_url("api.asks", target=org.key),
        "responses_url": api_url("api.responses", organisation=org.key),
        "milestones_url": api_url("api.milestones", organisation=org.key),
    }


def organisation_detail(org: Organisation) -> Json:
    """An organisation with the organisations that are part of it (Meta: Instagram, …)."""
    children = sorted(active(org.children), key=lambda child: (child.name.lower(), child.id))
    return {**organisation_dict(org), "children": [organisation_ref(c) for c in children]}


def source_dict(source: Source) -> Json:
    """The inline source (`source_ref`) plus its method, tracking and related lists."""
    return {
        **source_ref(source),
        "method": source.method,
        **_tracking(source),
        "statistics_url": api_url("api.statistics", source=source.key),
        "evidence_url": api_url("api.evidence", source=source.key),
        "milestones_url": api_url("api.milestones", source=source.key),
    }


# -- statistics --------------------------------------------------------------------------


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else canonical_decimal(value)


def _formula(stat: Statistic) -> Json | None:
    """A derived statistic's formula and its inputs' keys, in order (callers load `inputs`)."""
    if stat.formula is None:
        return None
    return {"kind": _value(stat.formula), "inputs": input_keys(stat)}  # "?": not published


def statistic_fields(stat: Statistic) -> Json:
    return {
        "key": stat.key,
        "label": stat.label,
        "value": canonical_decimal(stat.value),
        # A range's upper bound (suppressed small numbers, docs/returns.md); null: exact.
        "value_max": _exact(stat.value_max),
        "unit": _value(stat.unit),
        "display": format_statistic(stat),
        "period": {
            "label": stat.period_label,
            "start": _iso(stat.period_start),
            "end": _iso(stat.period_end),
        },
        "geography": stat.geography,
        "coverage": stat.coverage,
        "caveats": stat.caveats,
        "as_of": _iso(stat.as_of),
        "published_wording": stat.published_wording,
        "claim": stat.claim,
        "basis": stat.basis,
        "formula": _formula(stat),
        "computed_value": _exact(stat.computed_value),
        "chart": stat.chart,
        "chart_label": stat.chart_label,
        "source": source_ref(stat.source),
        **_tracking(stat),
        "api_url": api_url("api.statistic", key=stat.key),
    }


def _linked_asks(links: list[Any]) -> list[Json]:
    """The active asks a row is linked to, by title, each with the link's note (and, for a
    response, the target's position on that ask as of the response)."""
    shown = sorted(
        (link for link in links if link.ask.archived_at is None),
        key=lambda link: (link.ask.title.lower(), link.ask.id),
    )
    return [
        {
            **ask_ref(link.ask),
            **({"position": _value(link.position)} if isinstance(link, ResponseAsk) else {}),
            "note": link.note,
        }
        for link in shown
    ]


def statistic_dict(stat: Statistic) -> Json:
    return {**statistic_fields(stat), "asks": _linked_asks(stat.ask_links)}


# -- evidence ----------------------------------------------------------------------------


def evidence_fields(item: Evidence, *, can_see_restricted: bool) -> Json:
    """Restricted items lose `text` and `attribution` (and say `redacted: true`) unless the
    caller may see restricted material."""
    redacted = item.sensitivity == Sensitivity.RESTRICTED and not can_see_restricted
    content = {} if redacted else {"text": item.text, "attribution": item.attribution}
    return {
        "key": item.key,
        "title": item.title,
        "kind": _value(item.kind),
        "sensitivity": _value(item.sensitivity),
        "composite": item.is_composite,
        "redacted": redacted,
        **content,
        "date": _iso(item.evidence_date),
        "source": source_ref(item.source),
        **_tracking(item),
        "api_url": api_url("api.evidence_item", key=item.key),
    }


def evidence_dict(item: Evidence, *, can_see_restricted: bool) -> Json:
    fields = evidence_fields(item, can_see_restricted=can_see_restricted)
    return {**fields, "asks": _linked_asks(item.ask_links)}


# -- responses and milestones ------------------------------------------------------------


def response_fields(response: Response) -> Json:
    return {
        "key": response.key,
        "title": response.title,
        "organisation": organisation_ref(response.organisation),
        "date": _iso(response.response_date),
        "channel": _value(response.channel),
        "direction": _value(response.direction),
        "summary": response.summary,
        "url": response.url,
        "reply_expected_by": _iso(response.reply_expected_by),
        **_tracking(response),
        "api_url": api_url("api.response", key=response.key),
    }


def response_dict(response: Response) -> Json:
    return {**response_fields(response), "asks": _linked_asks(response.ask_links)}


def milestone_fields(milestone: Milestone) -> Json:
    precision = milestone.date_precision
    return {
        "key": milestone.key,
        "title": milestone.title,
        "date": format_precise_date(milestone.milestone_date, precision),
        "date_precision": _value(precision),
        "date_display": format_date(milestone.milestone_date, precision),
        "kind": _value(milestone.kind),
        "planned": milestone.is_planned,
        "description": milestone.description,
        "organisation": organisation_ref(milestone.organisation),
        "source": source_ref(milestone.source),
        **_tracking(milestone),
        "api_url": api_url("api.milestone", key=milestone.key),
    }


def milestone_dict(milestone: Milestone) -> Json:
    return {**milestone_fields(milestone), "asks": _linked_asks(milestone.ask_links)}


# -- asks --------------------------------------------------------------------------------


def ask_summary(ask: Ask) -> Json:
    """An ask as listed: its own fields, targets and tags (the detail embeds the rest)."""
    return {
        "slug": ask.slug,
        "title": ask.title,
        "summary": ask.summary,
        "status": _value(ask.status),
        "priority": _value(ask.priority),
        "owner": ask.owner,
        "targets": [organisation_ref(org) for org in active(ask.targets)],
        "tags": [tag.name for tag in ask.tags],
        **_tracking(ask),
        "api_url": api_url("api.ask", slug=ask.slug),
    }


def _position(entry: PositionEntry, responses: dict[int, Response]) -> Json:
    return {
        "position": _value(entry.position),
        "note": entry.note,
        "response": response_ref(responses[entry.response_id]),
    }


def positions_list(
    history: list[PositionEntry],
    latest: dict[int, PositionEntry],
    responses: dict[int, Response],
) -> list[Json]:
    """Each organisation's latest position on one ask, with its history (oldest first, the
    last entry being the latest). `responses` maps id -> Response (organisation loaded) for
    every response in `history`."""
    by_organisation: dict[int, list[PositionEntry]] = defaultdict(list)
    for entry in history:
        by_organisation[entry.organisation_id].append(entry)
    ordered = sorted(
        latest.values(), key=lambda e: (e.organisation_name.lower(), e.organisation_id)
    )
    return [
        {
            "organisation": organisation_ref(responses[entry.response_id].organisation),
            **_position(entry, responses),
            "history": [_position(e, responses) for e in by_organisation[entry.organisation_id]],
        }
        for entry in ordered
    ]


def ask_detail(
    ask: Ask,
    *,
    history: list[PositionEntry],
    latest: dict[int, PositionEntry],
    can_see_restricted: bool,
) -> Json:
    """An ask with everything linked to it embedded. Archived linked rows are left out; each
    embedded row carries its `link` (note, and rank or position)."""
    statistics = sorted(
        (link for link in ask.statistic_links if link.statistic.archived_at is None),
        key=lambda link: (link.rank, link.statistic.label.lower(), link.statistic_id),
    )
    evidence = sorted(
        (
            link
            for link in ask.evidence_links
            if link.evidence.archived_at is None
            and (can_see_restricted or link.evidence.sensitivity != Sensitivity.RESTRICTED)
        ),
        key=lambda link: (link.rank, link.evidence.title.lower(), link.evidence_id),
    )
    responses = sorted(
        (link for link in ask.response_links if link.response.archived_at is None),
        key=lambda link: (link.response.response_date, link.response_id),
        reverse=True,
    )
    milestones = sorted(
        (link for link in ask.milestone_links if link.milestone.archived_at is None),
        key=lambda link: (link.milestone.milestone_date, link.milestone_id),
    )
    responses_by_id = {link.response_id: link.response for link in ask.response_links}
    return {
        **ask_summary(ask),
        "statistics": [
            {**statistic_fields(link.statistic), "link": {"note": link.note, "rank": link.rank}}
            for link in statistics
        ],
        "evidence": [
            {
                **evidence_fields(link.evidence, can_see_restricted=can_see_restricted),
                "link": {"note": link.note, "rank": link.rank},
            }
            for link in evidence
        ],
        "responses": [
            {
                **response_fields(link.response),
                "link": {"position": _value(link.position), "note": link.note},
            }
            for link in responses
        ],
        "milestones": [
            {**milestone_fields(link.milestone), "link": {"note": link.note}} for link in milestones
        ],
        "positions": positions_list(history, latest, responses_by_id),
    }
