"""An ask's JSON: as listed (`summary`), and with everything linked to it (`detail`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from campaign.entities.public import (
    Json,
    active,
    api_url,
    organisation_ref,
    response_ref,
    tracking,
    value,
)
from campaign.models import Ask, Response, Sensitivity
from campaign.responses.positions import PositionEntry, latest_of, position_history


def ask_summary(ask: Ask) -> Json:
    """An ask as listed: its own fields, targets and tags (the detail embeds the rest)."""
    return {
        "slug": ask.slug,
        "title": ask.title,
        "summary": ask.summary,
        "status": value(ask.status),
        "priority": value(ask.priority),
        "owner": ask.owner,
        "targets": [organisation_ref(org) for org in active(ask.targets)],
        "tags": [tag.name for tag in ask.tags],
        **tracking(ask),
        "api_url": api_url("api.ask", slug=ask.slug),
    }


def _position(entry: PositionEntry, responses: dict[int, Response]) -> Json:
    return {
        "position": value(entry.position),
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
    # Imported here: each area's package loads its views, and theirs reach back to asks.
    from campaign.evidence import entity as evidence_json
    from campaign.milestones import entity as milestone_json
    from campaign.responses import entity as response_json
    from campaign.statistics import entity as statistic_json

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
            {
                **statistic_json.fields(link.statistic),
                "link": {"note": link.note, "rank": link.rank},
            }
            for link in statistics
        ],
        "evidence": [
            {
                **evidence_json.fields(link.evidence, can_see_restricted=can_see_restricted),
                "link": {"note": link.note, "rank": link.rank},
            }
            for link in evidence
        ],
        "responses": [
            {
                **response_json.fields(link.response),
                "link": {"position": value(link.position), "note": link.note},
            }
            for link in responses
        ],
        "milestones": [
            {**milestone_json.fields(link.milestone), "link": {"note": link.note}}
            for link in milestones
        ],
        "positions": positions_list(history, latest, responses_by_id),
    }


def detail(session: Any, ask: Ask, *, can_see_restricted: bool) -> Json:
    """The ask page's JSON: `ask_detail` with the targets' positions, as
    `campaign.responses.positions` derives them."""
    ask_id = int(ask.id or 0)  # a stored ask: it has an id
    history = position_history(session, [ask_id])
    latest = latest_of(history)
    return ask_detail(
        ask,
        history=list(history.get(ask_id, [])),
        latest=latest.get(ask_id, {}),
        can_see_restricted=can_see_restricted,
    )
