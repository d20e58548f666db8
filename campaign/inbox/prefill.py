"""What each triage form starts with, from the item: the form is the record's own (its
validation, its choices), only its first values come from here. Text longer than a field
takes is cut at a word, so the form opens valid and the officer edits it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from campaign.inbox.queries import ItemView
from campaign.inbox.services import organisation_for
from campaign.models import (
    EvidenceKind,
    MilestoneKind,
    MonitorSource,
    ResponseChannel,
    ResponseDirection,
    Sensitivity,
    Source,
)

# The response channel closest to what each source publishes; none for the others (the
# officer chooses: a channel decides whether a response can reach an external pack).
CHANNELS = {
    MonitorSource.WRITTEN_QUESTIONS: ResponseChannel.PARLIAMENTARY_ANSWER,  # a written answer
    MonitorSource.WRITTEN_STATEMENTS: ResponseChannel.PUBLIC_STATEMENT,
    MonitorSource.HANSARD: ResponseChannel.PARLIAMENTARY_ANSWER,  # said in the House
    MonitorSource.GOVUK: ResponseChannel.CONSULTATION_STATEMENT,
}
# An evidence item's kind by source: what was said in Parliament is a quote, the rest a document.
EVIDENCE_KINDS = {
    MonitorSource.HANSARD: EvidenceKind.QUOTE,
    MonitorSource.FEED: EvidenceKind.MEDIA_COVERAGE,
}


def cut(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters (cut at a word, with an ellipsis)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return head + "…"


def _url(view: ItemView) -> str:
    url = view.item.url
    return url if len(url) <= 1000 else ""


def _who(view: ItemView) -> str:
    item = view.item
    name = item.person.name if item.person is not None else item.member_name
    return ", ".join(part for part in (name, item.organisation_name) if part)


def response(session: Session, view: ItemView) -> dict[str, Any]:
    item = view.item
    channel = CHANNELS.get(item.source)
    return {
        "title": cut(item.title, 200),
        "organisation_id": organisation_for(session, item),
        "response_date": item.date,
        "channel": channel.value if channel else "",
        "direction": ResponseDirection.RECEIVED.value,
        "url": _url(view),
        "summary": item.text or item.snippet,
    }


def milestone(session: Session, view: ItemView) -> dict[str, Any]:
    item = view.item
    closing = item.closes_on is not None
    link = f"[{item.title}]({item.url})" if item.url else item.title
    return {
        "title": cut(item.title, 300),
        "date": (item.closes_on or item.date).isoformat(),
        "kind": (
            MilestoneKind.CONSULTATION_CLOSES.value if closing else MilestoneKind.STATEMENT.value
        ),
        "description": f"{link}\n\n{item.snippet}".strip(),
        "organisation_id": organisation_for(session, item),
        "link_ask_id": view.asks[0].id if view.asks else None,
    }


def evidence(session: Session, view: ItemView) -> dict[str, Any]:
    item = view.item
    source_id = None
    if item.url:
        source_id = session.exec(
            select(col(Source.id)).where(
                col(Source.url) == item.url, col(Source.archived_at).is_(None)
            )
        ).first()
    return {
        "title": cut(item.title, 200),
        "kind": EVIDENCE_KINDS.get(item.source, EvidenceKind.DOCUMENT).value,
        "text": f"{item.text or item.snippet}\n\n{item.url}".strip(),
        "attribution": cut(_who(view), 200),
        "evidence_date": item.date,
        "sensitivity": Sensitivity.PUBLIC.value,
        "source_id": source_id,
        "link_ask_id": view.asks[0].id if view.asks else None,
    }


def commitment(session: Session, view: ItemView) -> dict[str, Any]:
    item = view.item
    return {
        "title": cut(item.title, 300),
        "detail": item.snippet,
        "person_id": item.person_id,
        "organisation_id": organisation_for(session, item),
        "made_on": item.date,
        "source_note": cut(f"{item.source.label}: {item.title}", 2000),
        "source_url": _url(view),
        "ask_id": view.asks[0].id if view.asks else None,
    }
