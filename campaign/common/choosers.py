"""Choosers: picking one row of a large table (4,000 sources, 600 organisations) without a
`<select>` that lists them all.

Without JavaScript a chooser is a search-then-choose step on the same page: a text box
("Find a source") sends `?<name>_find=<text>`, the page offers at most `MAX_MATCHES` matches
as radio buttons named `<name>`, and the chosen row is carried as `?<name>=<value>` (a hidden
field) with its label shown and a "Change" link. So the filter's own parameter (`?source=12`)
is the same as when it was a `<select>`, and a page costs the same queries however large the
table: one for the chosen row's label or one for the matches, never one listing every row.
`GET /api/v1/lookup/<lookup>?q=` (campaign/api/lookup.py) offers the same matches as JSON,
which campaign/static/js/chooser.js uses to suggest them as the user types. See
docs/choosers.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, true
from sqlmodel import Session, select

from campaign.common.choices import by_label
from campaign.rendering import url_with

MAX_MATCHES = 20

Choice = tuple[str, str]  # (value, label)


@dataclass(frozen=True)
class Chooser:
    """How a filter over a large table is chosen: `find(session, text, limit)` lists up to
    `limit` (value, label) matches for the words typed; `label(session, value)` names the
    chosen value (None when no row has it: a stale or hand-edited address); `fixed` choices
    (e.g. "has no source") are always offered beside the matches."""

    noun: str  # "source", in the words "Find a source"
    find: Callable[[Session, str, int], Sequence[Choice]]
    label: Callable[[Session, str], str | None]
    fixed: Sequence[Choice] = ()
    lookup: str | None = None  # its name in LOOKUPS: /api/v1/lookup/<lookup>?q=
    model: type | None = None  # the table chosen from (forms check the chosen row)
    value: str = "id"  # the column a chosen row's value is: its "id", or its "key"
    # Several chosen values named at once, archived ones marked (a form's multiple choice).
    labels: Callable[[Session, Sequence[str]], dict[str, str]] | None = None

    def find_param(self, name: str) -> str:
        return f"{name}_find"


# Every chooser the lookup endpoint answers for, by name (registered by `register`).
LOOKUPS: dict[str, Chooser] = {}


def register(chooser: Chooser) -> Chooser:
    """Offer `chooser`'s matches at /api/v1/lookup/<chooser.lookup>."""
    if chooser.lookup is None or LOOKUPS.setdefault(chooser.lookup, chooser) is not chooser:
        raise ValueError(f"a chooser needs a lookup name of its own: {chooser.lookup!r}")
    return chooser


@dataclass(frozen=True)
class ChooserState:
    """What one chooser shows on one page: the chosen value and its label, or the words
    typed and their matches (`more`: there were more than shown)."""

    find_param: str
    chosen: Choice | None
    text: str
    matches: Sequence[Choice]
    more: bool
    change_url: str


def row_chooser(noun: str, model, label, *, lookup: str, where=None, value: str = "id") -> Chooser:
    """A chooser of `model` rows by id (or by key, `value="key"`), named by the `label`
    column: matches are active rows (and meeting `where`, if given) whose label contains the
    words typed (any case; `%` and `_` are plain text), in label order; a chosen row is named
    whether archived or not."""
    column = getattr(model, value)

    def find(session: Session, text: str, limit: int) -> list[Choice]:
        query = (
            select(column, label)
            .where(model.archived_at.is_(None))
            .where(func.lower(label).contains(text.lower(), autoescape=True))
            .where(true() if where is None else where)
            .order_by(*by_label(label, model))
            .limit(limit)
        )
        return [(str(row[0]), row[1]) for row in session.exec(query)]

    def name(session: Session, chosen: str) -> str | None:
        if value != "id":
            return session.exec(select(label).where(column == chosen)).first()
        if not (chosen.isascii() and chosen.isdigit()) or len(chosen) > 18:
            return None  # not an id (a BIGINT holds 18 digits): no row has it
        return session.exec(select(label).where(model.id == int(chosen))).first()

    def names(session: Session, chosen: Sequence[str]) -> dict[str, str]:
        wanted = [c for c in chosen if value != "id" or (c.isascii() and c.isdigit())]
        if not wanted:
            return {}
        keys = [int(c) for c in wanted if len(c) <= 18] if value == "id" else wanted
        query = select(column, label, model.archived_at).where(column.in_(keys))
        return {
            str(row[0]): f"{row[1]} (archived)" if row[2] else row[1] for row in session.exec(query)
        }

    chooser = Chooser(
        noun=noun, find=find, label=name, lookup=lookup, model=model, value=value, labels=names
    )
    return register(chooser)


def chooser_state(session: Session, name: str, chooser: Chooser, args) -> ChooserState:
    """The chooser `name` for the query arguments `args`: at most one query."""
    find_param = chooser.find_param(name)
    value = (args.get(name) or "").strip()
    text = (args.get(find_param) or "").strip()
    change_url = url_with(**{name: None, find_param: None, "page": None})
    if value:
        fixed = dict(chooser.fixed)
        label = fixed.get(value) or chooser.label(session, value)
        chosen = (value, label or f"not found ({value})")
        return ChooserState(find_param, chosen, "", (), False, change_url)
    if not text:
        return ChooserState(find_param, None, "", (), False, change_url)
    offered, more = matches(session, chooser, text)
    return ChooserState(find_param, None, text, offered, more, change_url)


def matches(session: Session, chooser: Chooser, text: str) -> tuple[list[Choice], bool]:
    """What `chooser` offers for `text`: its fixed choices, then up to MAX_MATCHES matches;
    and whether there were more matches than that (one query)."""
    found = list(chooser.find(session, text, MAX_MATCHES + 1))
    return [*chooser.fixed, *found[:MAX_MATCHES]], len(found) > MAX_MATCHES


def filter_choices(session: Session, filters, args) -> list[tuple]:
    """Each list filter with what its control needs: a chooser's state, or a select's
    (value, label) choices."""
    return [
        (f, chooser_state(session, f.name, f.chooser, args) if f.chooser else f.choices(session))
        for f in filters
    ]
