"""The bundle format (docs/bundles.md) as pydantic models: the importer validates with them and
`bundle-schema` derives the published JSON Schema (docs/bundle.schema.json) from them.

Unknown fields are errors (`extra="forbid"`), so a misspelt field is reported, not ignored.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation, getcontext
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema

from campaign import models as m
from campaign.common.text import SINGLE_LINE_PATTERN, SingleLine, one_line_check
from campaign.models.base import KEY_LENGTH
from campaign.models.enums import (
    AskStatus,
    DatePrecision,
    EvidenceKind,
    MilestoneKind,
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
from campaign.models.precise_dates import parse_precise_date
from campaign.models.types import canonical_decimal
from campaign.reminders.rules import parse_offsets, parse_recipients

FORMAT = "campaign-bundle"
VERSION = 1
KEY_PATTERN = r"^[a-z0-9-]+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
# The lists of a bundle in file order, with the field that names each row.
SECTIONS = {
    "organisations": "key",
    "sources": "key",
    "statistics": "key",
    "evidence": "key",
    "milestones": "key",
    "asks": "slug",
    "responses": "key",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


Key = Annotated[
    str,
    Field(
        pattern=KEY_PATTERN,
        min_length=1,
        max_length=KEY_LENGTH,
        description="Lowercase letters, digits and hyphens.",
    ),
]


def _exact_decimal(value: Any) -> Decimal:
    # bool is an int subclass and a float has already lost digits: refuse both. The YAML
    # loader turns unquoted decimals into Decimal from their text, never via float.
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError("not a number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a number")
    # Storing a value normalises it in the decimal context, which would round away digits
    # beyond its precision (28): refuse those rather than store a different figure.
    precision = getcontext().prec
    if len("".join(map(str, number.as_tuple().digits)).rstrip("0")) > precision:
        raise ValueError(f"too many digits: at most {precision} significant digits")
    # The stored text must fit its column. The exponent is checked first so that "1e999999"
    # is refused before it is written out in full.
    limit = m.Statistic.__table__.c.value.type.impl.length
    if abs(number.adjusted()) >= limit or len(canonical_decimal(number)) > limit:
        raise ValueError(f"too many digits: at most {limit} characters")
    return number


ExactDecimal = Annotated[
    Decimal,
    PlainValidator(_exact_decimal),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"},
                {"type": "number"},
            ],
            "description": 'An exact decimal, best written as a string: "33226", "0.5".',
        }
    ),
]


def _iso_date(value: Any) -> date:
    # A datetime is a date subclass: a timestamp is not a date.
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"not a real date: {value.strip()}") from None
    raise ValueError("use an ISO date, YYYY-MM-DD")


IsoDate = Annotated[
    date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})
]


def _precise_date(value: Any) -> tuple[date, DatePrecision]:
    if isinstance(value, bool) or not isinstance(value, str | int | date) or hasattr(value, "hour"):
        raise ValueError("use YYYY-MM-DD, YYYY-MM or YYYY")
    return parse_precise_date(value)


PreciseDate = Annotated[
    tuple[date, DatePrecision],
    PlainValidator(_precise_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": "A day (2023-10-26), a month (2026-07) or a year (2027); the "
            "precision is the form written.",
        }
    ),
]


class Strict(BaseModel):
    # coerce_numbers_to_str: an unquoted `title: 2024` is the text "2024".
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


# Declared last in each row so the schema and "expected one of" messages follow the docs' order.
Archived = Annotated[bool, Field(description="Kept but hidden from lists.")]


class OrganisationRow(Strict):
    key: Key
    name: Str(m.Organisation, "name", required=True)
    kind: OrganisationKind
    parent: Key | None = Field(default=None, description="The key of the parent organisation.")
    website: NullableStr(m.Organisation, "website") = None
    notes: str = ""
    archived: Archived = False


class SourceRow(Strict):
    key: Key
    title: Str(m.Source, "title", required=True)
    kind: SourceKind
    publisher: Str(m.Source, "publisher") = ""
    published_on: IsoDate | None = None
    url: NullableStr(m.Source, "url") = None
    method: str = ""
    coverage: str = ""
    archived: Archived = False


class Period(Strict):
    label: Str(m.Statistic, "period_label") = ""
    start: IsoDate | None = None
    end: IsoDate | None = None


class Formula(Strict):
    kind: StatisticFormula = Field(
        description="percent_change (from, to), share (part, whole), sum (a, b, …), "
        "difference (a − b), ratio (numerator ÷ denominator)."
    )
    inputs: list[Key] = Field(
        description="Statistic keys in the formula's order: two (a sum: two or more), each in "
        "this file or already in the database."
    )


class StatisticRow(Strict):
    key: Key
    label: Str(m.Statistic, "label", required=True)
    value: ExactDecimal
    unit: StatisticUnit = Field(description="A percent is in percent points: 25 means 25%.")
    period: Period = Field(default_factory=Period)
    geography: Str(m.Statistic, "geography") = ""
    coverage: str = ""
    caveats: str = ""
    as_of: IsoDate | None = None
    published_wording: Str(m.Statistic, "published_wording") = Field(
        default="", description="The claim exactly as published."
    )
    claim: Str(m.Statistic, "claim") = Field(
        default="",
        description='The words that state the figure, exactly as published: "a 25% increase".',
    )
    basis: str = Field(default="", description="What the figure was computed from.")
    formula: Formula | None = Field(
        default=None,
        description="A figure computed from other statistics; its computed value is "
        "recomputed on import, not stored in the bundle.",
    )
    chart: Str(m.Statistic, "chart") = Field(
        default="",
        description="Statistics with the same chart title are drawn together in briefing packs.",
    )
    chart_label: Str(m.Statistic, "chart_label") = Field(
        default="", description="This figure's bar in its chart; blank: its period label."
    )
    source: Key | None = None
    archived: Archived = False


class EvidenceRow(Strict):
    key: Key
    title: Str(m.Evidence, "title", required=True)
    kind: EvidenceKind
    text: str = ""
    attribution: Str(m.Evidence, "attribution") = ""
    date: IsoDate | None = None
    sensitivity: Sensitivity = Sensitivity.INTERNAL
    composite: bool = Field(
        default=False,
        description="A case study built from real accounts: not necessarily a direct quote.",
    )
    source: Key | None = None
    archived: Archived = False


def _aware(value: Any) -> Any:
    """A timestamp without a zone is taken as UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


Timestamp = Annotated[datetime, BeforeValidator(_aware)]


def _offsets(value: Any) -> Any:
    if value is None:
        return None
    return ",".join(str(days) for days in parse_offsets(str(value)))


def _recipients(value: Any) -> Any:
    return ", ".join(parse_recipients(str(value or "")))


class Done(Strict):
    at: Timestamp
    note: SingleLine = Field(default="", description='e.g. "our consultation response submitted"')
    url: Str(m.Milestone, "done_url") | None = None


class Move(Strict):
    old_date: PreciseDate
    new_date: PreciseDate
    moved_at: Timestamp
    note: SingleLine = ""


class MilestoneRow(Strict):
    key: Key
    title: Str(m.Milestone, "title", required=True)
    date: PreciseDate
    kind: MilestoneKind
    planned: bool = Field(default=False, description="An announced plan that may move.")
    description: str = ""
    organisation: Key | None = None
    source: Key | None = None
    reminders: Annotated[str | None, BeforeValidator(_offsets)] = Field(
        default=None,
        description="Days before the date to remind, e.g. '28,7,1'; '' for none; "
        "omitted: the REMINDER_OFFSETS setting.",
    )
    also_remind: Annotated[str, BeforeValidator(_recipients)] = Field(
        default="", description="Extra e-mail addresses to remind, comma-separated."
    )
    done: Done | None = None
    moves: list[Move] = Field(default_factory=list, description="Earlier dates, oldest first.")
    archived: Archived = False


class StatisticLink(Strict):
    statistic: Key
    note: str = ""


class EvidenceLink(Strict):
    evidence: Key
    note: str = ""


class MilestoneLink(Strict):
    milestone: Key
    note: str = ""


class AskRow(Strict):
    slug: Key
    title: Str(m.Ask, "title", required=True)
    summary: str = Field(default="", description="Markdown.")
    status: AskStatus = AskStatus.DRAFT
    priority: Priority = Priority.MEDIUM
    owner: Str(m.Ask, "owner") = ""
    owner_email: NullableStr(m.Ask, "owner_email", pattern=EMAIL_PATTERN) = None
    targets: list[Key] = Field(default=[], description="Organisation keys.")
    tags: list[Str(m.Tag, "name", required=True)] = []
    statistics: list[StatisticLink] = Field(default=[], description="In presentation order.")
    evidence: list[EvidenceLink] = Field(default=[], description="In presentation order.")
    milestones: list[MilestoneLink] = []
    archived: Archived = False


class ResponseAskLink(Strict):
    ask: Key = Field(description="An ask slug.")
    position: Position
    note: str = ""


class ResponseRow(Strict):
    key: Key
    title: Str(m.Response, "title", required=True)
    organisation: Key
    date: IsoDate
    channel: ResponseChannel
    direction: ResponseDirection = Field(
        default=ResponseDirection.RECEIVED,
        description="received: what the target said or did; sent: our letter or submission.",
    )
    summary: str = ""
    url: NullableStr(m.Response, "url") = None
    reply_expected_by: IsoDate | None = None
    asks: list[ResponseAskLink] = []
    archived: Archived = False


class Bundle(Strict):
    format: Literal["campaign-bundle"]
    version: Literal[1]
    organisations: list[OrganisationRow] = []
    sources: list[SourceRow] = []
    statistics: list[StatisticRow] = []
    evidence: list[EvidenceRow] = []
    milestones: list[MilestoneRow] = []
    asks: list[AskRow] = []
    responses: list[ResponseRow] = []


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
