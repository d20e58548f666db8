"""Linking statistics, evidence and milestones to an ask: link, unlink, note, reorder.

Plain functions with a keyword-only `session`; they flush but never commit. A refused change
raises `ServiceError` with a message fit to show the user. An item that does not exist, or that
the user may not see (restricted evidence without clearance, `campaign.accounts.access`), is a
404 (`NotFound`), the same for both: nothing says which, nothing names it, nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from campaign import clock
from campaign.accounts.access import visible_evidence
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
    scope: Callable | None = None  # narrows a query on item_model to what the user may see

    def link_column(self):
        return getattr(self.link_model, self.item_fk)

    def visible(self, query):
        return query if self.scope is None else self.scope(query)


STATISTICS = LinkKind("statistics", "statistic", AskStatistic, Statistic, "statistic_id", True)
EVIDENCE = LinkKind(
    "evidence", "evidence", AskEvidence, Evidence, "evidence_id", True, scope=visible_evidence
)
MILESTONES = LinkKind("milestones", "milestone", AskMilestone, Milestone, "milestone_id", False)
KINDS: dict[str, LinkKind] = {k.name: k for k in (STATISTICS, EVIDENCE, MILESTONES)}


def _link(session: Session, ask: Ask, kind: LinkKind, item_id: int):
    return session.get(kind.link_model, {"ask_id": ask.id, kind.item_fk: item_id})


def _item(session: Session, kind: LinkKind, item_id: int):
    """The item, if it exists and the user may see it; otherwise 404, the same for both."""
    model = kind.item_model
    item = session.exec(kind.visible(select(model).where(model.id == item_id))).first()
    if item is None:
        raise NotFound()
    return item


def _ordered_links(session: Session, ask: Ask, kind: LinkKind) -> list:
    column = kind.link_column()
    return list(
        session.exec(
            select(kind.link_model)
            .where(kind.link_model.ask_id == ask.id)
            .order_by(kind.link_model.rank, column)
        )
    )


def _visible_ids(session: Session, ask: Ask, kind: LinkKind) -> set[int]:
    """The ids of the items linked to the ask that the user may see."""
    model = kind.item_model
    query = select(model.id).join(kind.link_model, kind.link_column() == model.id)
    return set(session.exec(kind.visible(query.where(kind.link_model.ask_id == ask.id))))


def _touch(session: Session, ask: Ask) -> None:
    ask.updated_at = clock.now()
    session.add(ask)


def link_item(*, session: Session, ask: Ask, kind: LinkKind, item_id: int, note: str = ""):
    """Link an active item to the ask, last in order. Linking twice is refused politely."""
    item = _item(session, kind, item_id)
    if item.archived_at is not None:
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
    name = str(_item(session, kind, item_id))
    link = _link(session, ask, kind, item_id)
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
    name = str(_item(session, kind, item_id))
    link = _link(session, ask, kind, item_id)
    if link is None:
        raise ServiceError(f"“{name}” is not linked to this ask.")
    link.note = (note or "").strip()
    session.add(link)
    _touch(session, ask)
    session.flush()
    return name


def move_link(*, session: Session, ask: Ask, kind: LinkKind, item_id: int, offset: int) -> bool:
    """Move a linked item up (offset -1) or down (+1) the ask's order, past the next item the
    user sees (items hidden from them keep their places). Ranks are renumbered 0..n-1 on the
    way. Returns False if it was already first or last."""
    item = _item(session, kind, item_id)
    if not kind.ranked:
        raise ServiceError(f"Linked {kind.name} are shown in date order.")
    if offset not in (-1, 1):
        raise ServiceError("Move one place up or down.")
    links = _ordered_links(session, ask, kind)
    visible = _visible_ids(session, ask, kind)
    shown = [i for i, link in enumerate(links) if getattr(link, kind.item_fk) in visible]
    position = next(
        (n for n, i in enumerate(shown) if getattr(links[i], kind.item_fk) == item_id), None
    )
    if position is None:
        raise ServiceError(f"“{item}” is not linked to this ask.")
    target = position + offset
    moved = 0 <= target < len(shown)
    if moved:
        here, there = shown[position], shown[target]
        links[here], links[there] = links[there], links[here]
    for rank, link in enumerate(links):
        if link.rank != rank:
            link.rank = rank
            session.add(link)
    if moved:
        _touch(session, ask)
    session.flush()
    return moved
