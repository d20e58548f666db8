"""Everything a briefing pack says, gathered from the database into plain data.

The renderers (HTML/PDF and Word) never query the database: they lay out a `PackContent`, so
the formats cannot disagree about what is in a pack. Loading takes a fixed number of queries
however many asks and links a pack has.

What an external pack leaves out (it is public material only):
- evidence that is not marked public (internal and restricted items, case studies included);
- responses that are private correspondence (letters, meetings, "other": a channel that is not
  `ResponseChannel.is_public`), and the positions they record;
- every field that is not on the one list of public fields (`campaign.packs.public`): the
  team's own notes on links ("used as the 'more than a fifth' figure") and on positions, a
  source's method, an organisation's notes… An external pack reads every record through
  `public_view`, so a field not on that list reads as empty and cannot reach the pack.
An internal pack has everything else; restricted evidence is marked CONFIDENTIAL, and goes in
only when `options.include_restricted` (its requester is cleared to read it); otherwise it is
left out and counted in `withheld`.

Every figure gets a numbered note citing its source with the figure's coverage and caveats.
Notes are numbered in the order they appear, one per citation, so Word's own endnotes and the
PDF's notes carry the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import contains_eager, selectinload
from sqlmodel import Session, select

from campaign.charts.grouping import group_charts
from campaign.models import (
    Ask,
    AskEvidence,
    AskStatistic,
    Evidence,
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
    PackPosition,
    PackTimelineEntry,
    Progress,
    SourceNote,
)
from campaign.packs.public import public_view
from campaign.packs.upcoming import upcoming_milestones
from campaign.packs.whos_who import whos_who
from campaign.rendering import format_statistic
from campaign.responses.positions import OLDEST_FIRST, latest_by, their_position


class Notes:
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
    external = options.is_external
    # An external pack reads each record through its public fields only.
    view = public_view if external else _as_is
    asks = [view(ask) for ask in _load_asks(session, options)]
    # Refused for an external pack before anything else is read (campaign.packs.whos_who).
    people = whos_who(session, options.people, asks, external=external, today=today)
    ask_ids = [a.id for a in asks]
    withheld: dict[str, int] = defaultdict(int)
    warnings: list[str] = []
    notes = Notes()

    stat_links = _by_ask(
        view,
        session.exec(
            select(AskStatistic)
            .join(Statistic, Statistic.id == AskStatistic.statistic_id)
            .where(AskStatistic.ask_id.in_(ask_ids), Statistic.archived_at.is_(None))
            .options(selectinload(AskStatistic.statistic).selectinload(Statistic.source))
            .order_by(AskStatistic.rank, AskStatistic.statistic_id)
        ),
    )
    evidence_links = _by_ask(
        view,
        session.exec(
            select(AskEvidence)
            .join(Evidence, Evidence.id == AskEvidence.evidence_id)
            .where(AskEvidence.ask_id.in_(ask_ids), Evidence.archived_at.is_(None))
            .options(selectinload(AskEvidence.evidence).selectinload(Evidence.source))
            .order_by(AskEvidence.rank, AskEvidence.evidence_id)
        ),
    )
    responses = _by_ask(view, _responses(session, ask_ids))
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
                figure = _figure(link, notes)
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
                pack_ask.evidence.append(_evidence(link, notes))
        if options.includes(PackSection.POSITIONS):
            shown = []
            for link in responses.get(ask.id, []):
                if external and not link.response.channel.is_public:
                    withheld["private responses"] += 1
                    continue
                shown.append(_response_row(link))
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
        milestones = upcoming_milestones(
            session, ask_ids, numbers, organisation_ids, today, notes, view=view
        )
    contacts = _contacts(asks) if options.includes(PackSection.CONTACTS) else []
    return PackContent(
        options=options,
        generated_at=generated_at,
        today=today,
        asks=pack_asks,
        milestones=milestones,
        contacts=contacts,
        notes=notes.notes,
        people=people,
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


def _as_is(row):
    return row


def _by_ask(view, links) -> dict[int, list]:
    """The links by ask, each as the pack may read it."""
    grouped: dict[int, list] = defaultdict(list)
    for link in links:
        grouped[link.ask_id].append(view(link))
    return grouped


def _figure(link: AskStatistic, notes: Notes) -> PackFigure:
    stat = link.statistic
    display = format_statistic(stat)
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
        team_note=link.note,  # the team's: empty through an external pack's public view
        chart=stat.chart,
        chart_label=stat.chart_label,
    )


def _charts(
    statistics: list[Statistic], figure_notes: dict[str, SourceNote], notes: Notes
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


def _evidence(link: AskEvidence, notes: Notes) -> PackEvidence:
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
        team_note=link.note,  # the team's: empty through an external pack's public view
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


def _responses(session: Session, ask_ids: list[int]):
    """The positions responses take on the asks, oldest first (archived responses left
    out), each with its response and organisation: one query."""
    return session.exec(
        select(ResponseAsk)
        .join(Response, Response.id == ResponseAsk.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(ResponseAsk.ask_id.in_(ask_ids), Response.archived_at.is_(None))
        .options(contains_eager(ResponseAsk.response).contains_eager(Response.organisation))
        .order_by(*OLDEST_FIRST)
    ).all()


def _response_row(link: ResponseAsk) -> _ResponseRow:
    response = link.response
    return _ResponseRow(
        ask_id=link.ask_id,
        response_id=response.id,
        response_date=response.response_date,
        title=response.title,
        organisation=response.organisation.name,
        channel=response.channel,
        direction=response.direction,
        position=link.position,
        note=link.note,  # the team's note: empty through an external pack's public view
        url=response.url,
    )


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
    letters and submissions state our position, not theirs, so they are not counted
    (`campaign.responses.positions`, on rows already loaded)."""
    received = (row for row in rows if their_position(row.direction))
    latest: dict[str, _ResponseRow] = latest_by(received, lambda row: row.organisation)
    positions = [
        PackPosition(org, row.position, row.response_date, row.title, org in targets)
        for org, row in latest.items()
    ]
    return sorted(positions, key=lambda p: (not p.is_target, p.organisation.lower()))


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
