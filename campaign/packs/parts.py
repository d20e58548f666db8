"""The parts of a briefing pack, as plain data: what `build_content` gathers and what every
renderer (HTML/PDF, Word) lays out. Nothing here touches the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from campaign.charts.grouping import ChartPoint
from campaign.models import (
    EvidenceKind,
    PackClassification,
    PackSection,
    Position,
    ResponseChannel,
    ResponseDirection,
    Sensitivity,
    StatisticUnit,
)
from campaign.packs.options import PackOptions
from campaign.rendering import format_date

COMPOSITE_NOTICE = "Composite case study: drawn from several real accounts, not a direct quote."
CONFIDENTIAL = "CONFIDENTIAL"

Progress = Callable[[int, str], None]

# Every format prints the same words. INTERNAL is on every page of an internal pack; an
# external pack is public material and says so in the words a charity would print.
HEADER_MARKING = {
    PackClassification.INTERNAL: "INTERNAL",
    PackClassification.EXTERNAL: "PUBLIC BRIEFING",
}
COVER_MARKING = {
    PackClassification.INTERNAL: "INTERNAL",
    PackClassification.EXTERNAL: "External: public material",
}
COVER_NOTICE = {
    PackClassification.INTERNAL: (
        "Not for circulation outside the organisation: it may hold confidential case "
        "studies, private correspondence and the team's own notes."
    ),
    PackClassification.EXTERNAL: "Public material only: every figure is cited in the notes.",
}


class PackError(Exception):
    """The options cannot make a pack (an unknown or archived ask). `field` names the input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SourceNote:
    """One numbered note: where a figure (or a piece of evidence, or a date) comes from."""

    number: int
    subject: str  # what is cited: "33,226: Child abuse image offences recorded …"
    source_title: str = ""
    publisher: str = ""
    published_on: date | None = None
    url: str | None = None
    source_kind: str = ""
    coverage: str = ""
    caveats: str = ""

    @property
    def has_source(self) -> bool:
        return bool(self.source_title)

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"

    @property
    def reference(self) -> str:
        """The source in one line: 'NSPCC, "Title" (FOI return, 12 March 2024)'."""
        if not self.has_source:
            return "Source not recorded: check this figure before citing it."
        details = ", ".join(
            part for part in (self.source_kind, format_date(self.published_on)) if part
        )
        text = (
            f"{self.publisher}, “{self.source_title}”"
            if self.publisher
            else (f"“{self.source_title}”")
        )
        return f"{text} ({details})" if details else text

    def text(self) -> str:
        """The whole note as plain text, as it reads in the PDF and in Word."""
        parts = [_sentence(self.subject), _sentence(self.reference)]
        if self.url:
            parts.append(self.url + ".")
        if self.coverage:
            parts.append(f"Coverage: {_sentence(self.coverage)}")
        if self.caveats:
            parts.append(f"Caveats: {_sentence(self.caveats)}")
        return " ".join(parts)


@dataclass(frozen=True)
class PackFigure:
    key: str
    label: str
    value: Decimal
    unit: StatisticUnit
    display: str  # "33,226", "25%"
    period: str
    geography: str
    published_wording: str
    basis: str  # how a derived figure was computed, e.g. "(31,892 − 25,582) ÷ 25,582 = 24.7%"
    note: SourceNote
    team_note: str = ""  # the link's note: internal packs only
    chart: str = ""
    chart_label: str = ""


@dataclass(frozen=True)
class PackChart:
    """A chart over some of an ask's figures; `note_numbers` cite the sources of its points."""

    title: str
    unit: StatisticUnit
    points: tuple[ChartPoint, ...]
    note_numbers: tuple[int, ...]

    @property
    def alt(self) -> str:
        values = "; ".join(f"{p.label}: {p.display}" for p in self.points)
        return f"Bar chart, {self.title}. {values}."


@dataclass(frozen=True)
class PackEvidence:
    key: str
    title: str
    kind: EvidenceKind
    text: str
    attribution: str
    evidence_date: date | None
    sensitivity: Sensitivity
    is_composite: bool
    note: SourceNote | None
    team_note: str = ""

    @property
    def is_confidential(self) -> bool:
        return self.sensitivity is Sensitivity.RESTRICTED

    @property
    def kind_label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class PackPosition:
    organisation: str
    position: Position
    as_of: date
    response_title: str
    is_target: bool

    @property
    def position_label(self) -> str:
        return self.position.label


@dataclass(frozen=True)
class PackTimelineEntry:
    response_date: date
    organisation: str
    title: str
    channel: ResponseChannel
    direction: ResponseDirection
    position: Position
    note: str  # what the response said about this ask
    url: str | None

    @property
    def channel_label(self) -> str:
        return self.channel.label


@dataclass
class PackAsk:
    number: int
    slug: str
    title: str
    summary: str  # Markdown
    status: str
    targets: list[str]
    owner: str
    owner_email: str | None
    figures: list[PackFigure] = field(default_factory=list)
    charts: list[PackChart] = field(default_factory=list)
    evidence: list[PackEvidence] = field(default_factory=list)
    positions: list[PackPosition] = field(default_factory=list)
    timeline: list[PackTimelineEntry] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Ask {self.number}: {self.title}"


@dataclass(frozen=True)
class PackMilestone:
    when: str  # at its precision: "July 2026 (planned)"
    milestone_date: date
    title: str
    kind: str
    organisation: str
    description: str
    ask_numbers: tuple[int, ...]
    note: SourceNote | None


@dataclass(frozen=True)
class PackContact:
    name: str
    email: str | None
    role: str


# Who's who (campaign.packs.whos_who): internal packs only.
@dataclass(frozen=True)
class WhoStance:
    ask_number: int
    ask_title: str
    stance: str  # "Supporter", or "Not assessed"
    assessed_on: date | None


@dataclass(frozen=True)
class WhoInteraction:
    occurred_on: date
    title: str
    kind: str
    outcome: str  # the outcome noted for each ask discussed, "Ask: outcome; …"


@dataclass(frozen=True)
class WhoCommitment:
    title: str
    due: str  # "by 31 March 2026", or ""
    status: str
    late: bool


@dataclass(frozen=True)
class WhoPerson:
    name: str
    erased: bool = False
    kind: str = ""
    roles: list[str] = field(default_factory=list)  # "Chief Executive, Ofcom"
    party: str = ""
    constituency: str = ""
    stances: list[WhoStance] = field(default_factory=list)
    interactions: list[WhoInteraction] = field(default_factory=list)
    commitments: list[WhoCommitment] = field(default_factory=list)


@dataclass
class PackContent:
    options: PackOptions
    generated_at: datetime
    today: date
    asks: list[PackAsk]
    milestones: list[PackMilestone]
    contacts: list[PackContact]
    notes: list[SourceNote]
    # Who's who (internal packs only), in the order the people were chosen.
    people: list[WhoPerson] = field(default_factory=list)
    # What an external pack left out, as counts (never titles): shown to the user, not printed.
    withheld: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.options.title

    @property
    def classification(self) -> PackClassification:
        return self.options.classification

    @property
    def marking(self) -> str:
        """The running header's words: 'INTERNAL' on every page of an internal pack."""
        return HEADER_MARKING[self.classification]

    @property
    def cover_marking(self) -> str:
        return COVER_MARKING[self.classification]

    @property
    def cover_notice(self) -> str:
        return COVER_NOTICE[self.classification]

    @property
    def audience(self) -> str:
        return self.options.audience

    def has(self, section: PackSection | str) -> bool:
        return PackSection(section) in self.options.sections

    @property
    def has_chapters(self) -> bool:
        """Whether the pack has a chapter per ask (figures, charts, evidence or positions)."""
        return any(
            self.has(s)
            for s in (
                PackSection.STATISTICS,
                PackSection.CHARTS,
                PackSection.EVIDENCE,
                PackSection.POSITIONS,
            )
        )

    def figures(self) -> list[PackFigure]:
        return [f for ask in self.asks for f in ask.figures]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."
