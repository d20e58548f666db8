"""Everything a briefing pack says, gathered from the database into plain data.

The renderers (HTML/PDF and Word) never query the database: they lay out a `PackContent`, so
the formats cannot disagree about what is in a pack. Loading takes a fixed number of queries
however many asks and links a pack has.

What an external pack leaves out (it is public material only):
- evidence that is not marked public (internal and restricted items, case studies included);
- responses that are private correspondence (letters, meetings, "other"), and the positions
  they record;
- the team's own notes on links ("used as the 'more than a fifth' figure").
An internal pack has everything else; restricted evidence is marked CONFIDENTIAL, and goes in
only when `options.include_restricted` (its requester is cleared to read it); otherwise it is
left out and counted in `withheld`.

Every figure gets a numbered note citing its source with the figure's coverage and caveats.
Notes are numbered in the order they appear, one per citation, so Word's own endnotes and the
PDF's notes carry the same numbers.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from campaign.charts.grouping import group_charts
from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    DatePrecision,
    Evidence,
    Milestone,
    Organisation,
    PackSection,
    Position,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
    Sensitivity,
    Source,
    Statistic,
)
from campaign.packs.options import PackOptions
from campaign.packs.parts import (
    PackAsk,
    PackChart,
    PackContact,
    PackContent,
    PackError,
    PackEvidence,
    PackFigure,
    PackMilestone,
    PackPosition,
    PackTimelineEntry,
    Progress,
    SourceNote,
)
from campaign.rendering import format_date, format_figure

# Responses on the public record. Letters, meetings and "other" are private correspondence.
PUBLIC_CHANNELS = frozenset(
    {
        ResponseChannel.CONSULTATION_STATEMENT,
        ResponseChannel.PUBLIC_STATEMENT,
        ResponseChannel.PARLIAMENTARY_ANSWER,
        ResponseChannel.PRODUCT_CHANGE,
        ResponseChannel.CONSULTATION_SUBMISSION,
    }
)


class _Notes:
    def __init__(self) -> None:
        self.notes: list[SourceNote] = []

    def add(self, subject: str, source: Source | None, coverage: str = "", caveats: str = ""):
        note = SourceNote(
            number=len(self.notes) + 1,
            subject=subject,
            source_title=source.title if source else "",
            publisher=source.publisher if source else "",
            published_on=source.published_on if source else None,
            url=source.url if source else None,
            source_kind=source.kind.label if source else "",
            coverage=(coverage or (source.coverage if source else "")).strip(),
            caveats=caveats.strip(),
        )
        self.notes.append(note)
        return note


def build_content(
    session: Session,
    options: PackOptions,
    *,
    generated_at: datetime,
    today: date,
    progress: Progress | None = None,
) -> PackContent:
    """Gather a pack's content. Raises PackError when an ask is unknown or archived."""
    report = progress or (lambda percent, stage: None)
    report(5, "Reading the asks")
    asks = _load_asks(session, options)
    ask_ids = [a.id for a in asks]
    external = options.is_external
    withheld: dict[str, int] = defaultdict(int)
    warnings: list[str] = []
    notes = _Notes()

    stat_links = _by_ask(
        session.exec(
            select(AskStatistic)
            .join(Statistic, Statistic.id == AskStatistic.statistic_id)
            .where(AskStatistic.ask_id.in_(ask_ids), Statistic.archived_at.is_(None))
            .options(selectinload(AskStatistic.statistic).selectinload(Statistic.source))
            .order_by(AskStatistic.rank, AskStatistic.statistic_id)
        )
    )
    evidence_links = _by_ask(
        session.exec(
            select(AskEvidence)
            .join(Evidence, Evidence.id == AskEvidence.evidence_id)
            .where(AskEvidence.ask_id.in_(ask_ids), Evidence.archived_at.is_(None))
            .options(selectinload(AskEvidence.evidence).selectinload(Evidence.source))
            .order_by(AskEvidence.rank, AskEvidence.evidence_id)
        )
    )
    responses = _responses(session, ask_ids)
    report(15, "Citing the sources")

    pack_asks: list[PackAsk] = []
    for number, ask in enumerate(asks, start=1):
        pack_ask = PackAsk(
            number=number,
            slug=ask.slug,
            title=ask.title,
            summary=ask.summary,
            status=ask.status.label,
            targets=[org.name for org in ask.targets],
            owner=ask.owner,
            owner_email=ask.owner_email,
        )
        links = stat_links.get(ask.id, [])
        figure_notes: dict[str, SourceNote] = {}
        if options.includes(PackSection.STATISTICS):
            for link in links:
                figure = _figure(link, notes, external)
                figure_notes[figure.key] = figure.note
                pack_ask.figures.append(figure)
                if not figure.note.has_source:
                    warnings.append(
                        f"Ask {number}: “{figure.label}” ({figure.display}) has no source."
                    )
        if options.includes(PackSection.CHARTS):
            pack_ask.charts = _charts([link.statistic for link in links], figure_notes, notes)
        if options.includes(PackSection.EVIDENCE):
            for link in evidence_links.get(ask.id, []):
                item = link.evidence
                if (external and item.sensitivity is not Sensitivity.PUBLIC) or (
                    item.sensitivity is Sensitivity.RESTRICTED and not options.include_restricted
                ):
                    withheld[f"{item.sensitivity.value} evidence"] += 1
                    continue
                pack_ask.evidence.append(_evidence(link, notes, external))
        if options.includes(PackSection.POSITIONS):
            shown = []
            for row in responses.get(ask.id, []):
                if external and row.channel not in PUBLIC_CHANNELS:
                    withheld["private responses"] += 1
                    continue
                shown.append(row)
            pack_ask.timeline = [_timeline_entry(row) for row in reversed(shown)]  # newest first
            pack_ask.positions = _positions(shown, set(pack_ask.targets))
        pack_asks.append(pack_ask)

    report(25, "Listing milestones")
    milestones = []
    if options.includes(PackSection.MILESTONES):
        organisation_ids = {org.id for ask in asks for org in ask.targets}
        if options.audience_organisation_key:
            audience = session.exec(
                select(Organisation.id).where(Organisation.key == options.audience_organisation_key)
            ).first()
            if audience is not None:
                organisation_ids.add(audience)
        numbers = {a.id: n for n, a in enumerate(asks, 1)}
        milestones = _milestones(session, ask_ids, numbers, organisation_ids, today, notes)
    contacts = _contacts(asks) if options.includes(PackSection.CONTACTS) else []
    return PackContent(
        options=options,
        generated_at=generated_at,
        today=today,
        asks=pack_asks,
        milestones=milestones,
        contacts=contacts,
        notes=notes.notes,
        withheld=dict(withheld),
        warnings=warnings,
    )


def _load_asks(session: Session, options: PackOptions) -> list[Ask]:
    if not options.ask_slugs:
        raise PackError("asks", "Choose at least one ask.")
    if len(set(options.ask_slugs)) != len(options.ask_slugs):
        raise PackError("asks", "Each ask can appear only once in a pack.")
    found = {
        a.slug: a
        for a in session.exec(
            select(Ask).where(Ask.slug.in_(options.ask_slugs)).options(selectinload(Ask.targets))
        )
    }
    for slug in options.ask_slugs:
        if slug not in found:
            raise PackError("asks", f"No ask with the slug “{slug}”.")
        if found[slug].is_archived:
            raise PackError("asks", f"The ask “{slug}” is archived: restore it to include it.")
    return [found[slug] for slug in options.ask_slugs]


def _by_ask(links) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for link in links:
        grouped[link.ask_id].append(link)
    return grouped


def _figure(link: AskStatistic, notes: _Notes, external: bool) -> PackFigure:
    stat = link.statistic
    display = format_figure(stat.value, stat.unit)
    period = stat.period_label
    subject = f"{display}: {stat.label}"
    if period and period not in stat.label:
        subject += f" ({period})"
    note = notes.add(
        subject,
        stat.source,
        coverage=stat.coverage,
        caveats=stat.caveats,
    )
    return PackFigure(
        key=stat.key,
        label=stat.label,
        value=stat.value,
        unit=stat.unit,
        display=display,
        period=period,
        geography=stat.geography,
        published_wording=stat.published_wording,
        basis=stat.basis,
        note=note,
        team_note="" if external else link.note,
        chart=stat.chart,
        chart_label=stat.chart_label,
    )


def _charts(
    statistics: list[Statistic], figure_notes: dict[str, SourceNote], notes: _Notes
) -> list[PackChart]:
    """The ask's charts (campaign.charts.grouping). Each point cites its figure's note, or a
    new note when the pack has no statistics section."""
    charts = []
    for chart, members in group_charts(statistics):
        numbers = []
        for stat, point in zip(members, chart.points, strict=True):
            note = figure_notes.get(stat.key) or notes.add(
                f"{point.display}: {stat.label}", stat.source, stat.coverage, stat.caveats
            )
            numbers.append(note.number)
        charts.append(PackChart(chart.title, chart.unit, chart.points, tuple(numbers)))
    return charts


def _evidence(link: AskEvidence, notes: _Notes, external: bool) -> PackEvidence:
    item = link.evidence
    note = notes.add(item.title, item.source) if item.source else None
    return PackEvidence(
        key=item.key,
        title=item.title,
        kind=item.kind,
        text=item.text,
        attribution=item.attribution,
        evidence_date=item.evidence_date,
        sensitivity=item.sensitivity,
        is_composite=item.is_composite,
        note=note,
        team_note="" if external else link.note,
    )


@dataclass(frozen=True)
class _ResponseRow:
    ask_id: int
    response_id: int
    response_date: date
    title: str
    organisation: str
    channel: ResponseChannel
    direction: ResponseDirection
    position: Position
    note: str
    url: str | None


def _responses(session: Session, ask_ids: list[int]) -> dict[int, list[_ResponseRow]]:
    """Responses bearing on each ask, oldest first (archived responses left out)."""
    rows = session.exec(
        select(
            ResponseAsk.ask_id,
            Response.id,
            Response.response_date,
            Response.title,
            Organisation.name,
            Response.channel,
            Response.direction,
            ResponseAsk.position,
            ResponseAsk.note,
            Response.url,
        )
        .join(Response, Response.id == ResponseAsk.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(ResponseAsk.ask_id.in_(ask_ids), Response.archived_at.is_(None))
        .order_by(Response.response_date, Response.id)
    ).all()
    grouped: dict[int, list[_ResponseRow]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(_ResponseRow(*row))
    return grouped


def _timeline_entry(row: _ResponseRow) -> PackTimelineEntry:
    return PackTimelineEntry(
        response_date=row.response_date,
        organisation=row.organisation,
        title=row.title,
        channel=row.channel,
        direction=row.direction,
        position=row.position,
        note=row.note,
        url=row.url,
    )


def _positions(rows: list[_ResponseRow], targets: set[str]) -> list[PackPosition]:
    """Each organisation's latest position from the responses shown (targets first). Our own
    letters and submissions state our position, not theirs, so they are not counted."""
    latest: dict[str, _ResponseRow] = {}
    for row in rows:
        if row.direction is ResponseDirection.RECEIVED:
            latest[row.organisation] = row
    positions = [
        PackPosition(org, row.position, row.response_date, row.title, org in targets)
        for org, row in latest.items()
    ]
    return sorted(positions, key=lambda p: (not p.is_target, p.organisation.lower()))


def _period_end(value: date, precision: DatePrecision) -> date:
    if precision is DatePrecision.YEAR:
        return date(value.year, 12, 31)
    if precision is DatePrecision.MONTH:
        return date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
    return value


def _milestones(
    session: Session,
    ask_ids: list[int],
    numbers: dict[int, int],
    organisation_ids: set[int],
    today: date,
    notes: _Notes,
) -> list[PackMilestone]:
    """Milestones that have not passed (a month-precision date counts until the month ends),
    linked to the pack's asks or belonging to their targets or the audience, soonest first,
    each once however many asks it serves."""
    links = session.exec(
        select(AskMilestone)
        .join(Milestone, Milestone.id == AskMilestone.milestone_id)
        .where(AskMilestone.ask_id.in_(ask_ids), Milestone.archived_at.is_(None))
        .options(
            selectinload(AskMilestone.milestone).selectinload(Milestone.organisation),
            selectinload(AskMilestone.milestone).selectinload(Milestone.source),
        )
        .order_by(Milestone.milestone_date, Milestone.id)
    ).all()
    by_milestone: dict[int, list[int]] = defaultdict(list)
    milestones: dict[int, Milestone] = {}
    for link in links:
        m = link.milestone
        if _period_end(m.milestone_date, m.date_precision) < today:
            continue
        milestones[m.id] = m
        by_milestone[m.id].append(numbers[link.ask_id])
    if organisation_ids:
        # The targets' (and the audience's) own upcoming dates, linked to an ask or not: a
        # meeting with Ofcom should know what Ofcom has coming.
        for m in session.exec(
            select(Milestone)
            .where(
                Milestone.organisation_id.in_(organisation_ids),
                Milestone.archived_at.is_(None),
                Milestone.milestone_date >= date(today.year, 1, 1),
            )
            .options(selectinload(Milestone.organisation), selectinload(Milestone.source))
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


def _contacts(asks: list[Ask]) -> list[PackContact]:
    """The team's lead for each ask, once per person."""
    leads: dict[tuple[str, str | None], list[int]] = {}
    for number, ask in enumerate(asks, start=1):
        if ask.owner or ask.owner_email:
            leads.setdefault((ask.owner, ask.owner_email), []).append(number)
    return [
        PackContact(
            name=name or (email or ""),
            email=email,
            role="Lead for " + ", ".join(f"ask {n}" for n in numbers),
        )
        for (name, email), numbers in leads.items()
    ]
