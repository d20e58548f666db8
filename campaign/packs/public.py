"""What an external briefing pack may print: ONE explicit list of public fields per record type.

An external pack is public material (it is printed as a PUBLIC BRIEFING for an MP or a
regulator), so its content is built only from the fields listed in `EXTERNAL_FIELDS`. The
content builder (`campaign.packs.content`) reads every record of an external pack through
`public_view(row)`:

- a field on the list gives the row's value; a related record comes back as a view too;
- a text field not on the list reads as empty ("" or None), whatever the row holds: the
  team's notes on links, a source's method, an organisation's notes never reach the pack;
- anything else not on the list (and any record type not listed) is an error, so a new field
  or record type cannot be printed until someone decides it is public and lists it here.

Which records go in at all is decided by the content builder: public evidence only, and
responses on a public channel only (`ResponseChannel.is_public`).

tests/packs/test_external_fields.py types a marker into every text field of every record type
listed here (the fields are read from the models, so a new field is covered) and checks that
an external pack prints the markers of the listed fields and of no other, in HTML, PDF and Word.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlmodel.sql.sqltypes import AutoString

from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    Evidence,
    Milestone,
    Organisation,
    Response,
    ResponseAsk,
    Source,
    Statistic,
)

# The record types that can reach a pack, by the name used in EXTERNAL_FIELDS.
RECORDS: dict[str, type] = {
    "ask": Ask,
    "organisation": Organisation,
    "statistic": Statistic,
    "source": Source,
    "evidence": Evidence,
    "response": Response,
    "milestone": Milestone,
    "ask_statistic": AskStatistic,
    "ask_evidence": AskEvidence,
    "ask_milestone": AskMilestone,
    "response_ask": ResponseAsk,
}

# Every field an external pack may read, per record type: what it prints, the ids and keys it
# is put together by, and the related records it follows. Nothing else.
EXTERNAL_FIELDS: dict[str, frozenset[str]] = {
    name: frozenset(fields)
    for name, fields in {
        "ask": ("id", "slug", "title", "summary", "status", "targets", "owner", "owner_email"),
        "organisation": ("id", "name"),
        "statistic": (
            "key",
            "label",
            "value",
            "value_max",
            "unit",
            "period_label",
            "period_start",
            "geography",
            "coverage",
            "caveats",
            "published_wording",
            "basis",
            "chart",
            "chart_label",
            "source",
        ),
        "source": ("title", "publisher", "published_on", "url", "kind", "coverage"),
        "evidence": (
            "key",
            "title",
            "kind",
            "text",
            "attribution",
            "evidence_date",
            "sensitivity",
            "is_composite",
            "source",
        ),
        "response": (
            "id",
            "title",
            "response_date",
            "channel",
            "direction",
            "url",
            "organisation",
        ),
        "milestone": (
            "id",
            "title",
            "milestone_date",
            "date_precision",
            "kind",
            "is_planned",
            "description",
            "organisation",
            "source",
        ),
        # The links' own notes are the team's: never in an external pack.
        "ask_statistic": ("ask_id", "statistic"),
        "ask_evidence": ("ask_id", "evidence"),
        "ask_milestone": ("ask_id", "milestone"),
        # The position a public response takes is printed; the team's note on it is not.
        "response_ask": ("ask_id", "position", "response"),
    }.items()
}

_KIND_OF = {model: name for name, model in RECORDS.items()}


class NotPublicError(AttributeError):
    """An external pack tried to read a field that is not on the list (a programming error)."""


def record_kind(row: Any) -> str:
    try:
        return _KIND_OF[type(row)]
    except KeyError:
        raise NotPublicError(
            f"{type(row).__name__} is not a record type an external pack may read "
            "(campaign.packs.public.RECORDS)."
        ) from None


class PublicView:
    """A record as an external pack sees it: only the fields in EXTERNAL_FIELDS."""

    __slots__ = ("_kind", "_row")

    def __init__(self, row: Any):
        object.__setattr__(self, "_kind", record_kind(row))
        object.__setattr__(self, "_row", row)

    def __getattr__(self, name: str) -> Any:
        kind, row = self._kind, self._row
        if name in EXTERNAL_FIELDS[kind]:
            return _view(getattr(row, name))
        column = type(row).__table__.columns.get(name)
        if column is not None and isinstance(column.type, String | AutoString):  # text
            return None if column.nullable else ""
        raise NotPublicError(
            f"{kind}.{name} is not on the list of fields an external pack may print "
            "(campaign.packs.public.EXTERNAL_FIELDS)."
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("A public view is read-only.")

    def __repr__(self) -> str:
        return f"PublicView({self._row!r})"


def _view(value: Any) -> Any:
    if type(value) in _KIND_OF:
        return PublicView(value)
    if isinstance(value, list | tuple):
        return [_view(item) for item in value]
    return value


def public_view(row: Any) -> PublicView:
    """`row` as an external pack may read it (see the module docstring)."""
    return PublicView(row)
