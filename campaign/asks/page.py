"""Everything the ask page shows, loaded with a fixed number of queries however many targets,
links and responses an ask has (selectinload chains and one query per section)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from campaign.accounts.access import visible_evidence
from campaign.asks.links import EVIDENCE, MILESTONES, STATISTICS, LinkKind
from campaign.charts.grouping import ChartData, group_charts
from campaign.common.choosers import MAX_MATCHES
from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    Evidence,
    Milestone,
    Organisation,
    Position,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
    Statistic,
)
from campaign.models.ordering import casefold
from campaign.rendering import format_date, format_statistic
from campaign.responses.positions import PositionEntry, latest_of, position_history

# A link form offers at most this many items (a chooser's cap, campaign.common.choosers):
# search to find the others. It was 200, and three lists of 200 options were a third of the
# time of a large ask page (docs/benchmarks.md).
OPTION_LIMIT = MAX_MATCHES


@dataclass
class OrganisationPositions:
    """One organisation's stance on the ask: its latest position and every position over time
    (oldest first)."""

    organisation_id: int
    name: str
    latest: PositionEntry | None
    history: list[PositionEntry] = field(default_factory=list)


@dataclass(frozen=True)
class TimelineEntry:
    response_id: int
    response_date: date
    title: str
    organisation_id: int
    organisation_name: str
    channel: ResponseChannel
    direction: ResponseDirection
    position: Position
    note: str


@dataclass
class LinkOptions:
    """The choices offered by a link form: capped at OPTION_LIMIT; `more` says there were more
    matches than shown (narrow them with the search box)."""

    choices: list[tuple[int, str]]
    query: str = ""
    more: bool = False


@dataclass
class AskPage:
    targets: list[Organisation]
    tags: list
    target_positions: list[OrganisationPositions]
    other_positions: list[OrganisationPositions]
    statistic_links: list[AskStatistic]
    evidence_links: list[AskEvidence]
    milestone_links: list[AskMilestone]
    timeline: list[TimelineEntry]
    charts: list[ChartData] = field(default_factory=list)


def load_ask_page(session: Session, ask: Ask) -> AskPage:
    ask = session.exec(
        select(Ask)
        .where(Ask.id == ask.id)
        .options(selectinload(Ask.targets), selectinload(Ask.tags))
        .execution_options(populate_existing=True)
    ).one()
    target_positions, other_positions = _positions(session, ask)
    statistic_links = _statistic_links(session, ask)
    live = [link.statistic for link in statistic_links if not link.statistic.is_archived]
    return AskPage(
        targets=list(ask.targets),
        tags=list(ask.tags),
        target_positions=target_positions,
        other_positions=other_positions,
        statistic_links=statistic_links,
        charts=[chart for chart, _members in group_charts(live)],
        evidence_links=_evidence_links(session, ask),
        milestone_links=_milestone_links(session, ask),
        timeline=_timeline(session, ask),
    )


def _positions(session: Session, ask: Ask):
    all_history = position_history(session, [ask.id])
    history = all_history.get(ask.id, [])
    latest = latest_of(all_history).get(ask.id, {})
    by_org: dict[int, list[PositionEntry]] = {}
    for entry in history:
        by_org.setdefault(entry.organisation_id, []).append(entry)
    targets = [
        OrganisationPositions(org.id, org.name, latest.get(org.id), by_org.get(org.id, []))
        for org in ask.targets
    ]
    target_ids = {org.id for org in ask.targets}
    others = sorted(
        (
            OrganisationPositions(org_id, entries[-1].organisation_name, latest[org_id], entries)
            for org_id, entries in by_org.items()
            if org_id not in target_ids
        ),
        key=lambda p: (p.name.lower(), p.organisation_id),
    )
    return targets, others


def _statistic_links(session: Session, ask: Ask) -> list[AskStatistic]:
    return list(
        session.exec(
            select(AskStatistic)
            .where(AskStatistic.ask_id == ask.id)
            .options(selectinload(AskStatistic.statistic).selectinload(Statistic.source))
            .order_by(AskStatistic.rank, AskStatistic.statistic_id)
        )
    )


def _evidence_links(session: Session, ask: Ask) -> list[AskEvidence]:
    return list(
        session.exec(
            visible_evidence(
                select(AskEvidence)
                .join(Evidence, Evidence.id == AskEvidence.evidence_id)
                .where(AskEvidence.ask_id == ask.id)
                .options(selectinload(AskEvidence.evidence).selectinload(Evidence.source))
                .order_by(AskEvidence.rank, AskEvidence.evidence_id)
            )
        )
    )


def _milestone_links(session: Session, ask: Ask) -> list[AskMilestone]:
    return list(
        session.exec(
            select(AskMilestone)
            .join(Milestone, Milestone.id == AskMilestone.milestone_id)
            .where(AskMilestone.ask_id == ask.id)
            .options(selectinload(AskMilestone.milestone))
            .order_by(Milestone.milestone_date, Milestone.id)
        )
    )


def _timeline(session: Session, ask: Ask) -> list[TimelineEntry]:
    """Responses bearing on the ask, newest first (archived responses left out)."""
    rows = session.exec(
        select(ResponseAsk, Response, Organisation)
        .join(Response, Response.id == ResponseAsk.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(ResponseAsk.ask_id == ask.id, Response.archived_at.is_(None))
        .order_by(Response.response_date.desc(), Response.id.desc())
    ).all()
    return [
        TimelineEntry(
            response_id=response.id,
            response_date=response.response_date,
            title=response.title,
            organisation_id=org.id,
            organisation_name=org.name,
            channel=response.channel,
            direction=response.direction,
            position=link.position,
            note=link.note,
        )
        for link, response, org in rows
    ]


# -- options for the link forms ---------------------------------------------------------------
def _unlinked(kind: LinkKind, ask: Ask):
    """Active items of this kind that the ask does not link to yet."""
    model = kind.item_model
    linked = select(kind.link_column()).where(kind.link_model.ask_id == ask.id)
    return model.archived_at.is_(None), model.id.not_in(linked)


def _search(columns, text: str):
    pattern = f"%{text.lower()}%"
    return or_(*(func.lower(c).like(pattern) for c in columns))


def _capped(rows, label) -> tuple[list[tuple[int, str]], bool]:
    rows = list(rows)
    return [(r.id, label(r)) for r in rows[:OPTION_LIMIT]], len(rows) > OPTION_LIMIT


def statistic_options(session: Session, ask: Ask, q: str = "") -> LinkOptions:
    q = (q or "").strip()
    query = (
        select(
            Statistic.id,
            Statistic.label,
            Statistic.value,
            Statistic.value_max,
            Statistic.unit,
            Statistic.period_label,
        )
        .where(*_unlinked(STATISTICS, ask))
        .order_by(casefold(Statistic.label), Statistic.id)
        .limit(OPTION_LIMIT + 1)
    )
    if q:
        query = query.where(
            _search([Statistic.label, Statistic.published_wording, Statistic.key], q)
        )

    def label(r) -> str:
        period = f", {r.period_label}" if r.period_label else ""
        return f"{r.label} ({format_statistic(r)}{period})"

    choices, more = _capped(session.exec(query), label)
    return LinkOptions(choices, q, more)


def evidence_options(session: Session, ask: Ask, q: str = "") -> LinkOptions:
    q = (q or "").strip()
    query = visible_evidence(
        select(Evidence.id, Evidence.title, Evidence.kind, Evidence.sensitivity)
        .where(*_unlinked(EVIDENCE, ask))
        .order_by(casefold(Evidence.title), Evidence.id)
        .limit(OPTION_LIMIT + 1)
    )
    if q:
        query = query.where(_search([Evidence.title, Evidence.attribution, Evidence.key], q))

    def label(r) -> str:
        return f"{r.title} ({r.kind.label}; {r.sensitivity.label.lower()})"

    choices, more = _capped(session.exec(query), label)
    return LinkOptions(choices, q, more)


def milestone_options(session: Session, ask: Ask, q: str = "") -> LinkOptions:
    q = (q or "").strip()
    query = (
        select(Milestone.id, Milestone.title, Milestone.milestone_date, Milestone.date_precision)
        .where(*_unlinked(MILESTONES, ask))
        .order_by(Milestone.milestone_date, Milestone.id)
        .limit(OPTION_LIMIT + 1)
    )
    if q:
        query = query.where(_search([Milestone.title, Milestone.key], q))

    def label(r) -> str:
        return f"{format_date(r.milestone_date, r.date_precision)}: {r.title}"

    choices, more = _capped(session.exec(query), label)
    return LinkOptions(choices, q, more)


OPTIONS = {
    STATISTICS.name: statistic_options,
    EVIDENCE.name: evidence_options,
    MILESTONES.name: milestone_options,
}
