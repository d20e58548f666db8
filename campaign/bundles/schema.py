"""The bundle format (docs/bundles.md) as pydantic models: the importer validates with them and
`bundle-schema` derives the published JSON Schema (docs/bundle.schema.json) from them.

Unknown fields are errors (`extra="forbid"`), so a misspelt field is reported, not ignored.
Each field also names the web form field it corresponds to (`_ask("owner_email")`), whose own
rules it must pass (campaign.bundles.form_rules): a bundle never stores what the form would
refuse. Value types other than text are in campaign.bundles.values.
"""

from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from campaign import models as m
from campaign.asks.forms import AskForm, LinkForm
from campaign.asks.services import parse_tags
from campaign.bundles.form_rules import checked_by, form_max_length, listed_by
from campaign.bundles.values import ExactDecimal, IsoDate, PreciseDate, Timestamp
from campaign.commitments.forms import WHO_MADE_IT, CommitmentForm, StatusForm
from campaign.common.forms import WEB_ADDRESS_PATTERN
from campaign.common.text import SINGLE_LINE_PATTERN, SingleLine, one_line_check
from campaign.evidence.forms import EvidenceForm
from campaign.interactions.forms import AskDiscussedForm, InteractionForm
from campaign.milestones.forms import DoneForm, MilestoneForm, MoveForm
from campaign.models.base import KEY_LENGTH
from campaign.models.enums import (
    AlertLevel,
    AskStatus,
    CommitmentStatus,
    EvidenceKind,
    InteractionKind,
    MilestoneKind,
    MonitorSource,
    OrganisationKind,
    Position,
    Priority,
    ResponseChannel,
    ResponseDirection,
    Sensitivity,
    SourceKind,
    StatisticFormula,
    StatisticUnit,
)
from campaign.organisations.forms import OrganisationForm
from campaign.reminders.rules import parse_offsets, parse_recipients
from campaign.responses.forms import AskPositionForm, ResponseForm
from campaign.sources.forms import SourceForm
from campaign.statistics.forms import StatisticForm
from campaign.statistics.rules import period_error, range_error
from campaign.watches.forms import FEED_URL_LENGTH, WatchForm, feeds_error, watched_error

FORMAT = "campaign-bundle"
VERSION = 1
KEY_PATTERN = r"^[a-z0-9-]+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"


def _max(model: type, column: str) -> int:
    """The column's length in the database, so an over-long value is a located error here
    rather than a database error (PostgreSQL enforces VARCHAR lengths; SQLite does not)."""
    return model.__table__.c[column].type.length


def Str(model: type, column: str, *, required: bool = False) -> Any:
    """One line of text (campaign.common.text) no longer than its column; `required` text
    must not be empty."""
    length = Field(min_length=1 if required else None, max_length=_max(model, column))
    return Annotated[SingleLine, length]


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def NullableStr(model: type, column: str, *, pattern: str | None = None) -> Any:
    """Optional one-line text stored as NULL when absent; blank counts as absent (as in the
    forms). A `pattern` of its own (an e-mail address) is checked as well as the one line."""
    length = Field(max_length=_max(model, column), pattern=pattern or SINGLE_LINE_PATTERN)
    text = Annotated[str, length, one_line_check]
    return Annotated[text | None, BeforeValidator(_blank_to_none)]


def WebAddress(model: type, column: str) -> Any:
    """An optional http(s) address (the forms' `web_address_field`): the pattern says the
    scheme in the published schema; the form's rules check the rest."""
    return NullableStr(model, column, pattern=WEB_ADDRESS_PATTERN)


Key = Annotated[
    str,
    Field(
        pattern=KEY_PATTERN,
        min_length=1,
        max_length=KEY_LENGTH,
        description="Lowercase letters, digits and hyphens.",
    ),
]


class Strict(BaseModel):
    # coerce_numbers_to_str: an unquoted `title: 2024` is the text "2024".
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


# Declared last in each row so the schema and "expected one of" messages follow the docs' order.
Archived = Annotated[bool, Field(description="Kept but hidden from lists.")]


# Each field names the web form field it is typed into (campaign.bundles.form_rules): the
# value must pass that field's rules too, so a bundle never stores what the form would refuse.
_org = partial(checked_by, OrganisationForm)
_src = partial(checked_by, SourceForm)
_stat = partial(checked_by, StatisticForm)
_ev = partial(checked_by, EvidenceForm)
_ms = partial(checked_by, MilestoneForm)
_ask = partial(checked_by, AskForm)
_resp = partial(checked_by, ResponseForm)
_int = partial(checked_by, InteractionForm)
_com = partial(checked_by, CommitmentForm)
_change = partial(checked_by, StatusForm)
_watch = partial(checked_by, WatchForm)


def Note(form: type, *, text: Any = str) -> Any:
    """A note with no column limit of its own: as long as its form field allows (the
    published schema says so)."""
    return Annotated[
        text, Field(max_length=form_max_length(form, "note")), checked_by(form, "note")
    ]


class OrganisationRow(Strict):
    key: Key
    name: Annotated[Str(m.Organisation, "name", required=True), _org("name")]
    kind: Annotated[OrganisationKind, _org("kind")]
    parent: Key | None = Field(default=None, description="The key of the parent organisation.")
    website: Annotated[WebAddress(m.Organisation, "website"), _org("website")] = None
    notes: Annotated[str, _org("notes")] = ""
    archived: Archived = False


class SourceRow(Strict):
    key: Key
    title: Annotated[Str(m.Source, "title", required=True), _src("title")]
    kind: Annotated[SourceKind, _src("kind")]
    publisher: Annotated[Str(m.Source, "publisher"), _src("publisher")] = ""
    published_on: Annotated[IsoDate | None, _src("published_on")] = None
    url: Annotated[WebAddress(m.Source, "url"), _src("url")] = None
    method: Annotated[str, _src("method")] = ""
    coverage: Annotated[str, _src("coverage")] = ""
    archived: Archived = False


class Period(Strict):
    label: Annotated[Str(m.Statistic, "period_label"), _stat("period_label")] = ""
    start: Annotated[IsoDate | None, _stat("period_start")] = None
    end: Annotated[IsoDate | None, _stat("period_end")] = None

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, end, info: ValidationInfo):
        if message := period_error(info.data.get("start"), end):
            raise ValueError(_in_words(message))
        return end


# A formula's input: a statistic's key, or "?" for one the publication does not give.
InputKey = Annotated[
    str, Field(pattern=r"^(?:[a-z0-9-]+|\?)$", min_length=1, max_length=KEY_LENGTH)
]


class Formula(Strict):
    kind: Annotated[StatisticFormula, _stat("formula")] = Field(
        description="percent_change (from, to), share (part, whole), sum (a, b, …), "
        "difference (a − b), ratio (numerator ÷ denominator)."
    )
    inputs: Annotated[list[InputKey], _stat("inputs")] = Field(
        description="Statistic keys in the formula's order: two (a sum: two or more), each in "
        'this file or already in the database; "?" for an input that is not published.'
    )


class StatisticRow(Strict):
    key: Key
    label: Annotated[Str(m.Statistic, "label", required=True), _stat("label")]
    value: Annotated[ExactDecimal, _stat("value")]
    value_max: Annotated[ExactDecimal | None, _stat("value_max")] = Field(
        default=None,
        description="Only for a range (a total including withheld small numbers): its upper "
        "bound; `value` is then the lower bound.",
    )
    unit: Annotated[StatisticUnit, _stat("unit")] = Field(
        description="A percent is in percent points: 25 means 25%."
    )
    period: Period = Field(default_factory=Period)
    geography: Annotated[Str(m.Statistic, "geography"), _stat("geography")] = ""
    coverage: Annotated[str, _stat("coverage")] = ""
    caveats: Annotated[str, _stat("caveats")] = ""
    as_of: Annotated[IsoDate | None, _stat("as_of")] = None
    published_wording: Annotated[
        Str(m.Statistic, "published_wording"), _stat("published_wording")
    ] = Field(default="", description="The claim exactly as published.")
    claim: Annotated[Str(m.Statistic, "claim"), _stat("claim")] = Field(
        default="",
        description='The words that state the figure, exactly as published: "a 25% increase".',
    )
    basis: Annotated[str, _stat("basis")] = Field(
        default="", description="What the figure was computed from."
    )
    formula: Formula | None = Field(
        default=None,
        description="A figure computed from other statistics; its computed value is "
        "recomputed on import, not stored in the bundle.",
    )
    chart: Annotated[Str(m.Statistic, "chart"), _stat("chart")] = Field(
        default="",
        description="Statistics with the same chart title are drawn together in briefing packs.",
    )
    chart_label: Annotated[Str(m.Statistic, "chart_label"), _stat("chart_label")] = Field(
        default="", description="This figure's bar in its chart; blank: its period label."
    )
    source: Key | None = None
    archived: Archived = False

    @field_validator("value_max")
    @classmethod
    def _not_below_value(cls, value_max, info: ValidationInfo):
        if message := range_error(info.data.get("value"), value_max):
            raise ValueError(_in_words(message))
        return value_max


def _in_words(message: str) -> str:
    """A rule's sentence in the bundle's words: 'the period cannot end before it starts'."""
    return message[0].lower() + message[1:].rstrip(".")


class EvidenceRow(Strict):
    key: Key
    title: Annotated[Str(m.Evidence, "title", required=True), _ev("title")]
    kind: Annotated[EvidenceKind, _ev("kind")]
    text: Annotated[str, _ev("text")] = ""
    attribution: Annotated[Str(m.Evidence, "attribution"), _ev("attribution")] = ""
    date: Annotated[IsoDate | None, _ev("evidence_date")] = None
    sensitivity: Annotated[Sensitivity, _ev("sensitivity")] = Sensitivity.INTERNAL
    composite: bool = Field(
        default=False,
        description="A case study built from real accounts: not necessarily a direct quote.",
    )
    source: Key | None = None
    archived: Archived = False


def _offsets(value: Any) -> Any:
    if value is None:
        return None
    return ",".join(str(days) for days in parse_offsets(str(value)))


def _recipients(value: Any) -> Any:
    return ", ".join(parse_recipients(str(value or "")))


class Done(Strict):
    at: Timestamp
    note: Note(DoneForm, text=SingleLine) = Field(
        default="", description='e.g. "our consultation response submitted"'
    )
    url: Annotated[WebAddress(m.Milestone, "done_url"), checked_by(DoneForm, "url")] = None


class Move(Strict):
    old_date: Annotated[PreciseDate, checked_by(MoveForm, "date")]
    new_date: Annotated[PreciseDate, checked_by(MoveForm, "date")]
    moved_at: Timestamp
    note: Note(MoveForm, text=SingleLine) = ""


class MilestoneRow(Strict):
    key: Key
    title: Annotated[Str(m.Milestone, "title", required=True), _ms("title")]
    date: Annotated[PreciseDate, _ms("date")]
    kind: Annotated[MilestoneKind, _ms("kind")]
    planned: bool = Field(default=False, description="An announced plan that may move.")
    description: Annotated[str, _ms("description")] = ""
    organisation: Key | None = None
    source: Key | None = None
    # Checked as stored ("28,7,1"; "" for none): the form's rules hold for the stored text.
    reminders: Annotated[str | None, BeforeValidator(_offsets), _ms("reminders")] = Field(
        default=None,
        description="Days before the date to remind, e.g. '28,7,1'; '' for none; "
        "omitted: the REMINDER_OFFSETS setting.",
    )
    also_remind: Annotated[str, BeforeValidator(_recipients), _ms("also_remind")] = Field(
        default="", description="Extra e-mail addresses to remind, comma-separated."
    )
    done: Done | None = None
    moves: list[Move] = Field(default_factory=list, description="Earlier dates, oldest first.")
    archived: Archived = False


class StatisticLink(Strict):
    statistic: Key
    note: Note(LinkForm) = ""


class EvidenceLink(Strict):
    evidence: Key
    note: Note(LinkForm) = ""


class MilestoneLink(Strict):
    milestone: Key
    note: Note(LinkForm) = ""


def _tag(value: str) -> str:
    """One tag as the form stores it (asks.services.parse_tags): lowercase, inner spaces
    collapsed; a comma would make it two tags there."""
    names = parse_tags(value)
    if not names:
        raise ValueError("must not be empty")
    if len(names) > 1 or "," in value:
        raise ValueError("one tag per item: a tag cannot contain a comma")
    return names[0]


Tag = Annotated[Str(m.Tag, "name", required=True), AfterValidator(_tag)]


class AskRow(Strict):
    slug: Annotated[Key, _ask("slug")]
    title: Annotated[Str(m.Ask, "title", required=True), _ask("title")]
    summary: Annotated[str, _ask("summary")] = Field(default="", description="Markdown.")
    status: Annotated[AskStatus, _ask("status")] = AskStatus.DRAFT
    priority: Annotated[Priority, _ask("priority")] = Priority.MEDIUM
    owner: Annotated[Str(m.Ask, "owner"), _ask("owner")] = ""
    owner_email: Annotated[
        NullableStr(m.Ask, "owner_email", pattern=EMAIL_PATTERN), _ask("owner_email")
    ] = None
    targets: list[Key] = Field(default=[], description="Organisation keys.")
    # The form takes them as one comma-separated line.
    tags: Annotated[list[Tag], _ask("tag_names")] = []
    statistics: list[StatisticLink] = Field(default=[], description="In presentation order.")
    evidence: list[EvidenceLink] = Field(default=[], description="In presentation order.")
    milestones: list[MilestoneLink] = []
    archived: Archived = False


class ResponseAskLink(Strict):
    ask: Key = Field(description="An ask slug.")
    position: Annotated[Position, checked_by(AskPositionForm, "position")]
    note: Note(AskPositionForm) = ""


class ResponseRow(Strict):
    key: Key
    title: Annotated[Str(m.Response, "title", required=True), _resp("title")]
    organisation: Key
    date: Annotated[IsoDate, _resp("response_date")]
    channel: Annotated[ResponseChannel, _resp("channel")]
    direction: Annotated[ResponseDirection, _resp("direction")] = Field(
        default=ResponseDirection.RECEIVED,
        description="received: what the target said or did; sent: our letter or submission.",
    )
    summary: Annotated[str, _resp("summary")] = ""
    url: Annotated[WebAddress(m.Response, "url"), _resp("url")] = None
    reply_expected_by: Annotated[IsoDate | None, _resp("reply_expected_by")] = None
    asks: list[ResponseAskLink] = []
    archived: Archived = False


class InteractionAskLink(Strict):
    ask: Key = Field(description="An ask slug.")
    outcome: Annotated[
        str,
        Field(max_length=form_max_length(AskDiscussedForm, "outcome")),
        checked_by(AskDiscussedForm, "outcome"),
    ] = ""


class InteractionRow(Strict):
    """An interaction (campaign.bundles.interactions): its attendees from the campaign's
    people, organisations and asks discussed by key; our attendees and follow-up actions
    name accounts, which bundles do not carry."""

    key: Key
    title: Annotated[
        SingleLine, Field(min_length=1, max_length=_max(m.Interaction, "title")), _int("title")
    ]
    kind: Annotated[InteractionKind, _int("kind")]
    at: Timestamp = Field(description="When it happened: ISO 8601 with its offset (UTC if none).")
    location: Annotated[
        SingleLine, Field(max_length=_max(m.Interaction, "location")), _int("location")
    ] = ""
    people: list[Key] = Field(default=[], description="Their attendees: person keys.")
    organisations: list[Key] = Field(default=[], description="Organisation keys.")
    asks: list[InteractionAskLink] = []
    summary: Annotated[str, _int("summary")] = Field(default="", description="Markdown.")
    notes: Annotated[str, _int("notes")] = Field(default="", description="Internal.")
    response: Key | None = Field(default=None, description="The response it was recorded as.")
    archived: Archived = False


def _iso_text(value: Any) -> Any:
    """A date YAML read from an unquoted `2026-03-31`, as the text it was."""
    return value.isoformat() if isinstance(value, date) else value


class CommitmentChangeRow(Strict):
    """A status change, with its evidence (a note at least), oldest first."""

    old_status: CommitmentStatus
    new_status: Annotated[CommitmentStatus, _change("status")]
    changed_on: Annotated[IsoDate, _change("status_on")]
    note: Annotated[
        str,
        Field(min_length=1, max_length=form_max_length(StatusForm, "status_note")),
        _change("status_note"),
    ]
    evidence_url: Annotated[
        WebAddress(m.CommitmentChange, "evidence_url"),  # type: ignore[valid-type]
        _change("status_url"),
    ] = None
    response: Key | None = Field(default=None, description="A response key: the evidence.")


class CommitmentRow(Strict):
    key: Key
    title: Annotated[Str(m.Commitment, "title", required=True), _com("title")]  # type: ignore[valid-type]
    detail: Annotated[str, _com("detail")] = ""
    person: Key | None = Field(default=None, description="A person key: who made it.")
    organisation: Key | None = Field(default=None, description="An organisation key.")
    made_to: Annotated[Str(m.Commitment, "made_to"), _com("made_to")] = ""  # type: ignore[valid-type]
    made_on: Annotated[IsoDate | None, _com("made_on")] = None
    due: Annotated[
        SingleLine,
        BeforeValidator(_iso_text),
        Field(description='"2026-03-31", "2026-03", "spring 2026" or "2027".'),
        _com("due"),
    ]
    status: Annotated[CommitmentStatus, _com("status")] = CommitmentStatus.OPEN
    response: Key | None = Field(default=None, description="A response key: made in it.")
    interaction: Key | None = Field(default=None, description="An interaction key: made in it.")
    source_note: Annotated[
        str, Field(max_length=form_max_length(CommitmentForm, "source_note")), _com("source_note")
    ] = ""
    source_url: Annotated[WebAddress(m.Commitment, "source_url"), _com("source_url")] = None  # type: ignore[valid-type]
    ask: Key | None = Field(default=None, description="An ask slug: what it concerns.")
    milestone: Key | None = Field(default=None, description="A milestone key.")
    changes: list[CommitmentChangeRow] = []
    archived: Archived = False

    @model_validator(mode="after")
    def _made_by_and_status(self) -> "CommitmentRow":
        if self.person is None and self.organisation is None:
            raise ValueError(f"person or organisation: {WHO_MADE_IT}")
        status = CommitmentStatus.OPEN
        for change in self.changes:
            if change.old_status != status:
                raise ValueError(f"changes: a change from {change.old_status} follows {status}")
            status = change.new_status
        if self.status != status:
            raise ValueError(
                f"status: {self.status} needs a change to it, with its evidence, in changes"
            )
        return self


# One feed's address: http(s), on one line (the form's rules: watches.forms.parse_feeds).
FeedAddress = Annotated[
    str, Field(max_length=FEED_URL_LENGTH, pattern=WEB_ADDRESS_PATTERN), one_line_check
]


class WatchRow(Strict):
    """A watch (campaign.bundles.watches): what it watches for by slug or key, its owner by
    e-mail; the items it found are not in bundles."""

    key: Key
    name: Annotated[Str(m.Watch, "name", required=True), _watch("name")]  # type: ignore[valid-type]
    ask: Key | None = Field(default=None, description="An ask slug: what it watches for.")
    person: Key | None = Field(default=None, description="A person key.")
    organisation: Key | None = Field(default=None, description="An organisation key.")
    terms: Annotated[
        str, Field(max_length=form_max_length(WatchForm, "terms")), _watch("terms")
    ] = Field(
        description='Search terms: one alternative a line, "quoted phrases", -word to exclude.'
    )
    sources: Annotated[list[MonitorSource], listed_by(WatchForm, "sources")] = Field(
        description="Where to look: one or more source names."
    )
    feeds: Annotated[list[FeedAddress], listed_by(WatchForm, "feeds")] = Field(
        default=[], description='RSS/Atom feed addresses: needed with the source "feed" only.'
    )
    alert_level: Annotated[AlertLevel, _watch("alert_level")] = AlertLevel.DIGEST
    owner: NullableStr(m.User, "email", pattern=EMAIL_PATTERN) = Field(  # type: ignore[valid-type]
        default=None, description="Who is alerted: a user's e-mail address; none: the team's."
    )
    archived: Archived = False

    @model_validator(mode="after")
    def _watches_something(self) -> "WatchRow":
        if message := watched_error(self.ask, self.person, self.organisation):
            raise ValueError(f"ask, person or organisation: {message}")
        if message := feeds_error(list(self.sources), list(self.feeds)):
            raise ValueError(f"feeds: {message}")
        return self


class Header(Strict):
    format: Literal["campaign-bundle"]
    version: Literal[1]


class HandWritten(Header):
    """The sections written by hand (`BundleSpec(custom=True)`); `Bundle` adds the derived."""

    organisations: list[OrganisationRow] = []
    sources: list[SourceRow] = []
    statistics: list[StatisticRow] = []
    evidence: list[EvidenceRow] = []
    milestones: list[MilestoneRow] = []
    asks: list[AskRow] = []
    responses: list[ResponseRow] = []
    interactions: list[InteractionRow] = []
    commitments: list[CommitmentRow] = []
    watches: list[WatchRow] = []


def _bundle() -> type[Header]:
    """`HandWritten` plus a list of rows for each derived section (campaign.bundles.sections)."""
    from campaign.bundles.sections import derived, row_model
    from campaign.bundles.sections import sections as file_order

    rows: dict[str, Any] = {
        name: info.annotation for name, info in HandWritten.model_fields.items()
    }
    rows.update((e.bundle_spec.section, list[row_model(e)]) for e in derived())
    # In file order (campaign.bundles.sections), so messages and the schema follow it.
    ordered = {section: (rows[section], []) for section in file_order()}
    return create_model("Bundle", __base__=Header, **ordered)


Bundle = _bundle()


def sections() -> dict[str, str]:
    """section -> the field naming its rows, in file order (campaign.bundles.sections)."""
    from campaign.bundles.sections import sections as registered

    return registered()


SECTIONS = sections()


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a bundle (JSON Schema 2020-12)."""
    schema = Bundle.model_json_schema()
    schema.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Campaign bundle",
        "description": "A whole campaign in one YAML file: organisations, sources, "
        "statistics, evidence, milestones, asks and responses, and the links between them. "
        "See docs/bundles.md. Generated by `flask bundle-schema`; do not edit by hand.",
        **schema,
    }
