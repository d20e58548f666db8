"""A pack's upcoming milestones: linked to its asks, or belonging to their targets or the
audience, that have not passed."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign.models import AskMilestone, DatePrecision, Milestone
from campaign.packs.parts import PackMilestone
from campaign.rendering import format_date

if TYPE_CHECKING:
    from campaign.packs.content import Notes


def _period_end(value: date, precision: DatePrecision) -> date:
    if precision is DatePrecision.YEAR:
        return date(value.year, 12, 31)
    if precision is DatePrecision.MONTH:
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def upcoming_milestones(
    session: Session,
    ask_ids: list[int],
    numbers: dict[int, int],
    organisation_ids: set[int],
    today: date,
    notes: Notes,
    *,
    view: Callable[[Any], Any],
) -> list[PackMilestone]:
    """Milestones that have not passed (a month-precision date counts until the month ends),
    linked to the pack's asks or belonging to their targets or the audience, soonest first,
    each once however many asks it serves. `view` is how the pack may read a record (an
    external pack: its public fields only, campaign.packs.public)."""
    links = session.exec(
        select(AskMilestone)
        .join(Milestone, Milestone.id == AskMilestone.milestone_id)
        .where(col(AskMilestone.ask_id).in_(ask_ids), col(Milestone.archived_at).is_(None))
        .options(
            selectinload(AskMilestone.milestone).selectinload(Milestone.organisation),
            selectinload(AskMilestone.milestone).selectinload(Milestone.source),
        )
        .order_by(Milestone.milestone_date, Milestone.id)
    ).all()
    by_milestone: dict[int, list[int]] = defaultdict(list)
    milestones: dict[int, Any] = {}
    for link in map(view, links):
        m = link.milestone
        if _period_end(m.milestone_date, m.date_precision) < today:
            continue
        milestones[m.id] = m
        by_milestone[m.id].append(numbers[link.ask_id])
    if organisation_ids:
        # The targets' (and the audience's) own upcoming dates, linked to an ask or not: a
        # meeting with Ofcom should know what Ofcom has coming.
        for m in map(
            view,
            session.exec(
                select(Milestone)
                .where(
                    col(Milestone.organisation_id).in_(organisation_ids),
                    col(Milestone.archived_at).is_(None),
                    Milestone.milestone_date >= date(today.year, 1, 1),
                )
                .options(selectinload(Milestone.organisation), selectinload(Milestone.source))
            ),
        ):
            if _period_end(m.milestone_date, m.date_precision) >= today:
                milestones.setdefault(m.id, m)
    result = []
    for m in sorted(milestones.values(), key=lambda m: (m.milestone_date, m.id)):
        when = format_date(m.milestone_date, m.date_precision)
        result.append(
            PackMilestone(
                when=f"{when} (planned)" if m.is_planned else when,
                milestone_date=m.milestone_date,
                title=m.title,
                kind=m.kind.label,
                organisation=m.organisation.name if m.organisation else "",
                description=m.description,
                ask_numbers=tuple(sorted(by_milestone[m.id])),
                note=notes.add(f"{when}: {m.title}", m.source) if m.source else None,
            )
        )
    return result
