"""Linking statistics, evidence and milestones to an ask: link, unlink, note, reorder.

Plain functions with a keyword-only `session`; they flush but never commit. A refused change
raises `ServiceError` with a message fit to show the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from campaign import clock
from campaign.common.services import ServiceError
from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    Evidence,
    Milestone,
    Statistic,
)


@dataclass(frozen=True)
class LinkKind:
    """One kind of thing an ask links to. `name` is its URL segment and form prefix."""

    name: str  # "statistics"
    noun: str  # "statistic"
    link_model: type
    item_model: type
    item_fk: str  # the link row's column naming the item: "statistic_id"
    ranked: bool  # statistics and evidence are shown in a chosen order; milestones by date

    def link_column(self):
        return getattr(self.link_model, self.item_fk)


STATISTICS = LinkKind("statistics", "statistic", AskStatistic, Statistic, "statistic_id", True)
EVIDENCE = LinkKind("evidence", "evidence", AskEvidence, Evidence, "evidence_id", True)
MILESTONES = LinkKind("milestones", "milestone", AskMilestone, Milestone, "milestone_id", False)
KINDS: dict[str, LinkKind] = {k.name: k for k in (STATISTICS, EVIDENCE, MILESTONES)}


def _link(session: Session, ask: Ask, kind: LinkKind, item_id: int):
    return session.get(kind.link_model, {"ask_id": ask.id, kind.item_fk: item_id})


def _item_name(session: Session, kind: LinkKind, item_id: int) -> str:
    item = session.get(kind.item_model, item_id)
    return str(item) if item is not None else f"{kind.noun} {item_id}"


def _ordered_links(session: Session, ask: Ask, kind: LinkKind) -> list:
    column = kind.link_column()
    return list(
        session.exec(
            select(kind.link_model)
            .where(kind.link_model.ask_id == ask.id)
            .order_by(kind.link_model.rank, column)
        )
    )


def _touch(session: Session, ask: Ask) -> None:
    ask.updated_at = clock.now()
    session.add(ask)


def link_item(*, session: Session, ask: Ask, kind: LinkKind, item_id: int, note: str = ""):
    """Link an active item to the ask, last in order. Linking twice is refused politely."""
    item = session.get(kind.item_model, item_id)
    if item is None or item.archived_at is not None:
        raise ServiceError(f"Choose an existing {kind.noun} to link.", field="item_id")
    if _link(session, ask, kind, item_id) is not None:
        raise ServiceError(f"“{item}” is already linked to this ask.", field="item_id")
    link = kind.link_model(ask_id=ask.id, note=note or "", **{kind.item_fk: item_id})
    if kind.ranked:
        link.rank = len(_ordered_links(session, ask, kind))
    session.add(link)
    _touch(session, ask)
    session.flush()
    return item


def unlink_item(*, session: Session, ask: Ask, kind: LinkKind, item_id: int) -> str:
    """Remove the link (the item itself is untouched). Returns the item's name."""
    link = _link(session, ask, kind, item_id)
    name = _item_name(session, kind, item_id)
    if link is None:
        raise ServiceError(f"“{name}” is not linked to this ask.")
    session.delete(link)
    _touch(session, ask)
    session.flush()
    return name


def set_link_note(
    *, session: Session, ask: Ask, kind: LinkKind, item_id: int, note: str | None
) -> str:
    """Replace the note on a link. Returns the item's name."""
    link = _link(session, ask, kind, item_id)
    name = _item_name(session, kind, item_id)
    if link is None:
        raise ServiceError(f"“{name}” is not linked to this ask.")
    link.note = (note or "").strip()
    session.add(link)
    _touch(session, ask)
    session.flush()
    return name


def move_link(*, session: Session, ask: Ask, kind: LinkKind, item_id: int, offset: int) -> bool:
    """Move a linked item up (offset -1) or down (+1) the ask's order. Ranks are renumbered
    0..n-1 on the way. Returns False if it was already first or last."""
    if not kind.ranked:
        raise ServiceError(f"Linked {kind.name} are shown in date order.")
    if offset not in (-1, 1):
        raise ServiceError("Move one place up or down.")
    links = _ordered_links(session, ask, kind)
    position = next(
        (i for i, link in enumerate(links) if getattr(link, kind.item_fk) == item_id), None
    )
    if position is None:
        raise ServiceError(f"“{_item_name(session, kind, item_id)}” is not linked to this ask.")
    target = position + offset
    moved = 0 <= target < len(links)
    if moved:
        links[position], links[target] = links[target], links[position]
    for rank, link in enumerate(links):
        if link.rank != rank:
            link.rank = rank
            session.add(link)
    if moved:
        _touch(session, ask)
    session.flush()
    return moved
