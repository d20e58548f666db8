"""The checks that need more than one row: unique keys, references that resolve (to a row in
the bundle or one already in the database that the user may see: `clearance.SCOPES`) and
organisation parents that do not loop."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from campaign import models as m
from campaign.bundles import commitments, interactions, watches
from campaign.bundles.clearance import scoped
from campaign.bundles.errors import BundleError, format_path
from campaign.bundles.schema import SECTIONS, Bundle
from campaign.bundles.sections import models, nouns
from campaign.statistics.derived import NOT_PUBLISHED

Loc = tuple[str | int, ...]

# section -> its model and the noun its messages use, from the registry.
MODELS = models()
NOUNS = nouns()
CHUNK = 500  # keys per IN (...) query: well under SQLite's and PostgreSQL's parameter limits


def check_references(session: Session, bundle: Bundle, raw: Any) -> list[BundleError]:
    """Errors in how rows refer to each other. `bundle` holds the rows that passed the schema;
    `raw` is the whole parsed file, so a row with an error of its own still counts as defined
    (a reference to it is not reported a second time)."""
    errors: list[BundleError] = []
    defined: dict[str, set[str]] = {}
    for section, field in SECTIONS.items():
        raw_rows = raw.get(section) if isinstance(raw, dict) else None
        keyed = [
            ((section, i), key)
            for i, row in enumerate(raw_rows if isinstance(raw_rows, list) else [])
            if (key := _raw_key(row, field)) is not None
        ]
        defined[section] = {key for _, key in keyed}
        errors += _duplicates((((*loc, field), key, loc) for loc, key in keyed), field)

    references = list(references_in(bundle))
    wanted: dict[str, set[str]] = {section: set() for section in SECTIONS}
    for _, section, key in references:
        if key not in defined[section]:
            wanted[section].add(key)
    for section, keys in wanted.items():
        defined[section] |= existing_keys(session, MODELS[section], keys, section=section)
    errors += [
        BundleError(loc, f"unknown {NOUNS[section]} '{key}'")
        for loc, section, key in references
        if key not in defined[section]
    ]
    errors += _duplicate_links(bundle)
    errors += _parent_loops(session, bundle)
    errors += watches.unknown_owners(session, bundle)
    return errors


def existing_keys(
    session: Session, model, keys: Iterable[str], *, section: str | None = None
) -> set[str]:
    """Which of `keys` already name a row of `model` in the database (that the user may see,
    given the bundle `section` it belongs to: restricted evidence without clearance is not
    there, so referring to it reads exactly like referring to a key that does not exist)."""
    column = getattr(model, model.__natural_key__)
    keys = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        query = select(column).where(column.in_(keys[start : start + CHUNK]))
        found.update(session.exec(scoped(section, query)))
    return found


def _raw_key(row: Any, field: str) -> str | None:
    if not isinstance(row, dict):
        return None
    value = row.get(field)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _duplicates(items: Iterable[tuple[Loc, str, Loc]], noun: str) -> list[BundleError]:
    """One error per repeated value, given (loc, value, row to point back to) triples:
    `organisations[3].key: duplicate key 'ofcom' (also organisations[1])`."""
    first: dict[str, Loc] = {}
    errors = []
    for loc, value, row in items:
        if value in first:
            also = format_path(first[value])
            errors.append(BundleError(loc, f"duplicate {noun} '{value}' (also {also})"))
        else:
            first[value] = row
    return errors


def rows(bundle: Bundle, section: str) -> Iterator[tuple[int, Any]]:
    """(position, row) for the rows of a section; a row that failed the schema is None."""
    return ((i, row) for i, row in enumerate(getattr(bundle, section)) if row is not None)


def references_in(bundle: Bundle) -> Iterator[tuple[Loc, str, str]]:
    """Every (location, section referred to, key) in the bundle's valid rows."""
    for i, org in rows(bundle, "organisations"):
        if org.parent:
            yield ("organisations", i, "parent"), "organisations", org.parent
    for section in ("statistics", "evidence"):
        for i, row in rows(bundle, section):
            if row.source:
                yield (section, i, "source"), "sources", row.source
    for i, row in rows(bundle, "statistics"):
        for j, key in enumerate(row.formula.inputs if row.formula else ()):
            if key != NOT_PUBLISHED:
                yield ("statistics", i, "formula", "inputs", j), "statistics", key
    for i, milestone in rows(bundle, "milestones"):
        if milestone.organisation:
            yield ("milestones", i, "organisation"), "organisations", milestone.organisation
        if milestone.source:
            yield ("milestones", i, "source"), "sources", milestone.source
    for i, ask in rows(bundle, "asks"):
        for j, key in enumerate(ask.targets):
            yield ("asks", i, "targets", j), "organisations", key
        for j, link in enumerate(ask.statistics):
            yield ("asks", i, "statistics", j, "statistic"), "statistics", link.statistic
        for j, link in enumerate(ask.evidence):
            yield ("asks", i, "evidence", j, "evidence"), "evidence", link.evidence
        for j, link in enumerate(ask.milestones):
            yield ("asks", i, "milestones", j, "milestone"), "milestones", link.milestone
    for i, response in rows(bundle, "responses"):
        yield ("responses", i, "organisation"), "organisations", response.organisation
        for j, link in enumerate(response.asks):
            yield ("responses", i, "asks", j, "ask"), "asks", link.ask
    yield from interactions.references(rows(bundle, "interactions"))
    yield from commitments.references(bundle)
    yield from watches.references(bundle)


def _duplicate_links(bundle: Bundle) -> list[BundleError]:
    """A row listed twice in one ask's (or response's) links: which note or rank would win?"""
    errors: list[BundleError] = []
    for i, ask in rows(bundle, "asks"):
        lists = {
            "targets": ([(key, ()) for key in ask.targets], "organisation"),
            "tags": ([(tag, ()) for tag in ask.tags], "tag"),
            "statistics": ([(x.statistic, ("statistic",)) for x in ask.statistics], "statistic"),
            "evidence": ([(x.evidence, ("evidence",)) for x in ask.evidence], "evidence"),
            "milestones": ([(x.milestone, ("milestone",)) for x in ask.milestones], "milestone"),
        }
        for name, (values, noun) in lists.items():
            items = [
                (("asks", i, name, j, *field), value, ("asks", i, name, j))
                for j, (value, field) in enumerate(values)
            ]
            errors += _duplicates(items, noun)
    for i, response in rows(bundle, "responses"):
        items = [
            (("responses", i, "asks", j, "ask"), link.ask, ("responses", i, "asks", j))
            for j, link in enumerate(response.asks)
        ]
        errors += _duplicates(items, "ask")
    for items, noun in interactions.repeated_links(rows(bundle, "interactions")):
        errors += _duplicates(items, noun)
    return errors


def _parent_loops(session: Session, bundle: Bundle) -> list[BundleError]:
    """An organisation cannot be part of itself, directly or through its parents: the chain
    is followed through the bundle and, for organisations it does not mention, the database."""
    organisations = list(rows(bundle, "organisations"))
    if not any(org.parent for _, org in organisations):
        return []
    parent = aliased(m.Organisation)
    parents: dict[str, str | None] = dict(
        session.exec(
            select(m.Organisation.key, parent.key).join(
                parent, m.Organisation.parent_id == parent.id
            )
        ).all()
    )
    parents.update({org.key: org.parent for _, org in organisations})
    on_loops = _on_loops(parents)
    errors, looped = [], set()
    for i, org in organisations:
        # Only an organisation on a loop is followed round it (following every chain up from
        # every row took a chain's length squared). A key given twice keeps its last parent
        # in `parents`: an earlier row of it is followed as before.
        if org.key in looped or (org.key not in on_loops and parents[org.key] == org.parent):
            continue
        chain, seen, current = [org.key], {org.key}, org.parent
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = parents.get(current)
        if current == org.key:
            looped |= seen
            loop = " → ".join([*chain, org.key])
            errors.append(BundleError(("organisations", i, "parent"), f"makes a loop: {loop}"))
    return errors


def _on_loops(parents: dict[str, str | None]) -> set[str]:
    """The keys whose chain of parents comes back to them, in one pass: each chain is followed
    until it ends or meets a key already followed, so every key is visited once."""
    done: set[str] = set()
    found: set[str] = set()
    for start in parents:
        path: dict[str, int] = {}  # key -> position on the chain being followed
        current: str | None = start
        while current is not None and current not in done and current not in path:
            path[current] = len(path)
            current = parents.get(current)
        if current is not None and current in path:
            found.update(list(path)[path[current] :])
        done.update(path)
    return found
