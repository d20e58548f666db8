"""What each API collection lists: model, sorts, search columns, filters and loader options.

Loader options (`selectinload`) load everything a serialiser touches in a fixed number of
queries, however many rows are on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import func, select

from campaign.accounts.access import visible_evidence
from campaign.api.params import Param, enum_param, reference_param
from campaign.common.listing import ListSpec
from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    AskStatus,
    AskTag,
    AskTarget,
    Evidence,
    EvidenceKind,
    Milestone,
    MilestoneKind,
    Organisation,
    OrganisationKind,
    Priority,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
    Sensitivity,
    Source,
    SourceKind,
    Statistic,
    StatisticUnit,
    Tag,
)


@dataclass(frozen=True)
class Resource:
    singular: str  # "statistic", for messages
    spec: ListSpec
    params: Sequence[Param] = ()

    @property
    def model(self) -> Any:
        return self.spec.model

    @property
    def key_column(self) -> Any:
        return getattr(self.model, self.model.__natural_key__)


def _linked_to_ask(column: Any, link_ask: Any, link_row: Any) -> Param:
    """`?ask=<slug>`: rows linked to that ask through a link table."""
    return reference_param(
        "ask",
        Ask.slug,
        what="ask with slug",
        apply=lambda query, slug: query.where(
            column.in_(select(link_row).join(Ask, Ask.id == link_ask).where(Ask.slug == slug))
        ),
    )


def _keyed(name: str, column: Any, model: Any, what: str) -> Param:
    """`?organisation=<key>` / `?source=<key>`: rows whose foreign key names that row."""
    return reference_param(
        name,
        model.key,
        what=what,
        apply=lambda query, key: query.where(column.in_(select(model.id).where(model.key == key))),
    )


ASKS = Resource(
    "ask",
    ListSpec(
        model=Ask,
        sorts={"title": func.lower(Ask.title), "updated": Ask.updated_at},
        default_sort="title",
        search=[Ask.title],
        options=[selectinload(Ask.targets), selectinload(Ask.tags)],
    ),
    params=[
        enum_param("status", Ask.status, AskStatus),
        enum_param("priority", Ask.priority, Priority),
        reference_param(
            "tag",
            Tag.name,
            what="tag named",
            apply=lambda query, name: query.where(
                Ask.id.in_(select(AskTag.ask_id).join(Tag).where(Tag.name == name))
            ),
        ),
        reference_param(
            "target",
            Organisation.key,
            what="organisation with key",
            apply=lambda query, key: query.where(
                Ask.id.in_(
                    select(AskTarget.ask_id).join(Organisation).where(Organisation.key == key)
                )
            ),
        ),
    ],
)

STATISTICS = Resource(
    "statistic",
    ListSpec(
        model=Statistic,
        sorts={
            "label": func.lower(Statistic.label),
            "as_of": Statistic.as_of,
            "updated": Statistic.updated_at,
        },
        default_sort="label",
        search=[Statistic.label],
        options=[
            selectinload(Statistic.source),
            selectinload(Statistic.inputs),
            selectinload(Statistic.ask_links).selectinload(AskStatistic.ask),
        ],
    ),
    params=[
        _linked_to_ask(Statistic.id, AskStatistic.ask_id, AskStatistic.statistic_id),
        _keyed("source", Statistic.source_id, Source, "source with key"),
        enum_param("unit", Statistic.unit, StatisticUnit),
    ],
)

SOURCES = Resource(
    "source",
    ListSpec(
        model=Source,
        sorts={
            "title": func.lower(Source.title),
            "published_on": Source.published_on,
            "updated": Source.updated_at,
        },
        default_sort="title",
        search=[Source.title, Source.publisher],
    ),
    params=[enum_param("kind", Source.kind, SourceKind)],
)

EVIDENCE = Resource(
    "evidence item",
    ListSpec(
        model=Evidence,
        sorts={
            "title": func.lower(Evidence.title),
            "date": Evidence.evidence_date,
            "updated": Evidence.updated_at,
        },
        default_sort="title",
        # Title only: searching the text would let `?q=` probe restricted case studies.
        search=[Evidence.title],
        # Without clearance restricted items are not there at all (lists and details: 404).
        scope=visible_evidence,
        options=[
            selectinload(Evidence.source),
            selectinload(Evidence.ask_links).selectinload(AskEvidence.ask),
        ],
    ),
    params=[
        _linked_to_ask(Evidence.id, AskEvidence.ask_id, AskEvidence.evidence_id),
        _keyed("source", Evidence.source_id, Source, "source with key"),
        enum_param("kind", Evidence.kind, EvidenceKind),
        enum_param("sensitivity", Evidence.sensitivity, Sensitivity),
    ],
)

RESPONSES = Resource(
    "response",
    ListSpec(
        model=Response,
        sorts={
            "date": Response.response_date,
            "title": func.lower(Response.title),
            "updated": Response.updated_at,
        },
        default_sort="-date",
        search=[Response.title],
        options=[
            selectinload(Response.organisation),
            selectinload(Response.ask_links).selectinload(ResponseAsk.ask),
        ],
    ),
    params=[
        _linked_to_ask(Response.id, ResponseAsk.ask_id, ResponseAsk.response_id),
        _keyed("organisation", Response.organisation_id, Organisation, "organisation with key"),
        enum_param("channel", Response.channel, ResponseChannel),
        enum_param("direction", Response.direction, ResponseDirection),
    ],
)

MILESTONES = Resource(
    "milestone",
    ListSpec(
        model=Milestone,
        sorts={
            "date": Milestone.milestone_date,
            "title": func.lower(Milestone.title),
            "updated": Milestone.updated_at,
        },
        default_sort="date",
        search=[Milestone.title],
        options=[
            selectinload(Milestone.organisation),
            selectinload(Milestone.source),
            selectinload(Milestone.ask_links).selectinload(AskMilestone.ask),
        ],
    ),
    params=[
        _linked_to_ask(Milestone.id, AskMilestone.ask_id, AskMilestone.milestone_id),
        _keyed("organisation", Milestone.organisation_id, Organisation, "organisation with key"),
        _keyed("source", Milestone.source_id, Source, "source with key"),
        enum_param("kind", Milestone.kind, MilestoneKind),
    ],
)

ORGANISATIONS = Resource(
    "organisation",
    ListSpec(
        model=Organisation,
        sorts={"name": func.lower(Organisation.name), "updated": Organisation.updated_at},
        default_sort="name",
        search=[Organisation.name],
        options=[selectinload(Organisation.parent)],
    ),
    params=[enum_param("kind", Organisation.kind, OrganisationKind)],
)

# The ask page embeds every linked row with what its serialiser needs: a fixed number of
# queries however many statistics, evidence items, responses or milestones are linked.
ASK_DETAIL_OPTIONS = (
    selectinload(Ask.targets),
    selectinload(Ask.tags),
    selectinload(Ask.statistic_links)
    .selectinload(AskStatistic.statistic)
    .options(selectinload(Statistic.source), selectinload(Statistic.inputs)),
    selectinload(Ask.evidence_links)
    .selectinload(AskEvidence.evidence)
    .selectinload(Evidence.source),
    selectinload(Ask.response_links)
    .selectinload(ResponseAsk.response)
    .selectinload(Response.organisation),
    selectinload(Ask.milestone_links)
    .selectinload(AskMilestone.milestone)
    .options(selectinload(Milestone.organisation), selectinload(Milestone.source)),
)
