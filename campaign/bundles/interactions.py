"""The bundle section `interactions` (docs/bundles.md), written by hand because its rows link to
other sections: their attendees (`people`, person keys), `organisations` (keys), the `asks`
discussed (slug and outcome) and the `response` it was recorded as (a key).

Our attendees and the follow-up actions are not in bundles: they name accounts (users), which
a bundle does not carry, so importing a bundle leaves them as they are. The organisations are
exactly the row's: the form's default (the attendees' current organisations when none is
chosen) is the form's, not the bundle's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, col, select

from campaign import models as m
from campaign.bundles import schema as s

PEOPLE = (m.InteractionPerson, "interaction_id", "person_id")
ORGANISATIONS = (m.InteractionOrganisation, "interaction_id", "organisation_id")
ASKS = (m.InteractionAsk, "interaction_id", "ask_id")


def export_rows(session: Session, compact) -> list[dict[str, Any]]:
    """Every interaction as bundle rows, by key, in a fixed number of queries."""
    interactions = sorted(session.exec(select(m.Interaction)).all(), key=lambda row: row.key)
    if not interactions:
        return []
    people: defaultdict[int | None, list[str]] = defaultdict(list)
    for interaction_id, key in session.exec(
        select(m.InteractionPerson.interaction_id, m.Person.key).join(
            m.Person, col(m.Person.id) == col(m.InteractionPerson.person_id)
        )
    ).all():
        people[interaction_id].append(key)
    organisations: defaultdict[int | None, list[str]] = defaultdict(list)
    for interaction_id, key in session.exec(
        select(m.InteractionOrganisation.interaction_id, m.Organisation.key).join(
            m.Organisation,
            col(m.Organisation.id) == col(m.InteractionOrganisation.organisation_id),
        )
    ).all():
        organisations[interaction_id].append(key)
    asks: defaultdict[int | None, list[tuple[str, str]]] = defaultdict(list)
    for interaction_id, slug, outcome in session.exec(
        select(m.InteractionAsk.interaction_id, m.Ask.slug, m.InteractionAsk.outcome).join(
            m.Ask, col(m.Ask.id) == col(m.InteractionAsk.ask_id)
        )
    ).all():
        asks[interaction_id].append((slug, outcome))
    responses = dict(session.exec(select(m.Response.id, m.Response.key)).all())
    return [
        compact(
            s.InteractionRow,
            {
                "key": row.key,
                "title": row.title,
                "kind": str(row.kind),
                "at": row.occurred_at,
                "location": row.location,
                "people": sorted(people[row.id]),
                "organisations": sorted(organisations[row.id]),
                "asks": [
                    compact(s.InteractionAskLink, {"ask": slug, "outcome": outcome})
                    for slug, outcome in sorted(asks[row.id])
                ],
                "summary": row.summary,
                "notes": row.notes,
                "response": responses.get(row.response_id) if row.response_id else None,
                "archived": row.archived_at is not None,
            },
        )
        for row in interactions
    ]


def rows_in(bundle: Any) -> list[s.InteractionRow]:
    """The bundle's `interactions` rows (the Bundle model is built at run time)."""
    return bundle.interactions


def import_values(row: s.InteractionRow, id_of) -> dict[str, Any]:
    """The interaction's columns from a bundle row; `id_of(section, key)` finds linked rows."""
    return {
        "title": row.title,
        "kind": row.kind,
        "occurred_at": row.at,
        "location": row.location,
        "summary": row.summary,
        "notes": row.notes,
        "response_id": id_of("responses", row.response),
    }


def import_links(row: s.InteractionRow, id_of) -> list[tuple[tuple, dict[int, dict]]]:
    """(link table, {linked id: values}) for each of the row's links."""
    return [
        (PEOPLE, {id_of("people", key): {} for key in row.people}),
        (ORGANISATIONS, {id_of("organisations", key): {} for key in row.organisations}),
        (ASKS, {id_of("asks", link.ask): {"outcome": link.outcome} for link in row.asks}),
    ]


def references(rows) -> Iterator[tuple[tuple, str, str]]:
    """(location, section referred to, key) for each valid row's links."""
    for i, row in rows:
        for j, key in enumerate(row.people):
            yield ("interactions", i, "people", j), "people", key
        for j, key in enumerate(row.organisations):
            yield ("interactions", i, "organisations", j), "organisations", key
        for j, link in enumerate(row.asks):
            yield ("interactions", i, "asks", j, "ask"), "asks", link.ask
        if row.response:
            yield ("interactions", i, "response"), "responses", row.response


def repeated_links(rows) -> Iterator[tuple[list, str]]:
    """(items, noun) for the duplicate check of each row's lists: a person, organisation or
    ask listed twice in one row."""
    for i, row in rows:
        yield (
            [
                (("interactions", i, "people", j), key, ("interactions", i, "people", j))
                for j, key in enumerate(row.people)
            ],
            "person",
        )
        yield (
            [
                (
                    ("interactions", i, "organisations", j),
                    key,
                    ("interactions", i, "organisations", j),
                )
                for j, key in enumerate(row.organisations)
            ],
            "organisation",
        )
        yield (
            [
                (("interactions", i, "asks", j, "ask"), link.ask, ("interactions", i, "asks", j))
                for j, link in enumerate(row.asks)
            ],
            "ask",
        )
