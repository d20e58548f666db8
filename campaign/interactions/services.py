"""Interactions: create and update one (its attendees, organisations and asks discussed), what
the other areas read (`open_actions`, `interactions_for_person`, `interactions_for_ask`) and
the users a form offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign import clock
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import (
    Ask,
    FollowUpAction,
    Interaction,
    InteractionAsk,
    InteractionKind,
    InteractionPerson,
    Organisation,
    Person,
    PersonRole,
    User,
)

FIELDS = ("title", "kind", "occurred_at", "location", "summary", "notes")

# What a page or a list needs of an interaction: its links, in a fixed number of queries.
LINKS = (
    selectinload(Interaction.users),  # type: ignore[arg-type]
    selectinload(Interaction.people),  # type: ignore[arg-type]
    selectinload(Interaction.organisations),  # type: ignore[arg-type]
    selectinload(Interaction.ask_links).selectinload(InteractionAsk.ask),  # type: ignore[arg-type]
)


# -- who may be chosen ---------------------------------------------------------------------


def user_choices(session: Session, *, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The active users as (e-mail, name), by name, plus the users `keep` names even if no
    longer active (an interaction keeps the attendees it has)."""
    kept = [email.lower() for email in keep]
    users = session.exec(select(User)).all()
    shown = [u for u in users if u.is_active or u.email in kept]
    shown.sort(key=lambda u: (u.display_name.casefold(), u.id or 0))
    return [(u.email, u.display_name) for u in shown]


def active_users(session: Session) -> list[User]:
    users = session.exec(select(User).where(col(User.is_active).is_(True))).all()
    return sorted(users, key=lambda u: (u.display_name.casefold(), u.id or 0))


# -- saving --------------------------------------------------------------------------------


def _rows_by(session: Session, column: Any, values: Sequence[str], *, field: str, what: str):
    """The rows named by `values` (keys, slugs or e-mails), in that order; an unknown one is
    refused naming the field and the value ("No ask has the slug “x”.")."""
    if not values:
        return []
    model = column.class_
    rows = session.exec(select(model).where(column.in_(values)))
    found = {getattr(row, column.key): row for row in rows}
    for wanted in values:
        if wanted not in found:
            raise ServiceError(f"No {what} “{wanted}”.", field=field)
    return [found[wanted] for wanted in values]


def current_organisations(
    session: Session, people: Sequence[Person], *, today: date
) -> list[Organisation]:
    """The organisations of the people's current roles (no end, or an end after today), each
    once, in the people's order: an interaction's organisations when none are chosen."""
    if not people:
        return []
    roles = session.exec(
        select(PersonRole)
        .where(col(PersonRole.person_id).in_([p.id for p in people]))
        .options(selectinload(PersonRole.organisation))  # type: ignore[arg-type]
    ).all()
    order = {p.id: i for i, p in enumerate(people)}
    held = sorted(
        (r for r in roles if r.current_on(today) and r.organisation is not None),
        key=lambda r: (order[r.person_id], r.id or 0),
    )
    chosen: dict[int, Organisation] = {}
    for role in held:
        org = role.organisation
        if org is not None and org.archived_at is None and org.id is not None:
            chosen.setdefault(org.id, org)
    return list(chosen.values())


def _asks_discussed(session: Session, rows: Iterable[dict[str, Any]]) -> dict[int, str]:
    """{ask id: outcome} for the rows ticked "Discussed" or given an outcome; an ask twice or
    unknown is refused."""
    wanted: dict[str, str] = {}
    for row in rows:
        outcome = (row.get("outcome") or "").strip()
        if not (row.get("discussed") or outcome):
            continue
        slug = row["ask"]
        if slug in wanted:
            raise ServiceError(f"The ask “{slug}” is listed twice.", field="asks")
        wanted[slug] = outcome
    asks = _rows_by(session, col(Ask.slug), list(wanted), field="asks", what="ask has the slug")
    return {ask.id: wanted[ask.slug] for ask in asks}


def _set_links(session: Session, interaction: Interaction, data: dict[str, Any]) -> None:
    if "user_emails" in data:
        emails = [e.lower() for e in data["user_emails"] or []]
        interaction.users = _rows_by(
            session,
            col(User.email),
            emails,
            field="user_emails",
            what="user has the e-mail address",
        )
    if "person_keys" in data:
        keys = list(data["person_keys"] or [])
        interaction.people = _rows_by(
            session, col(Person.key), keys, field="person_keys", what="person has the key"
        )
    if "organisation_keys" in data:
        keys = list(data["organisation_keys"] or [])
        orgs = _rows_by(
            session,
            col(Organisation.key),
            keys,
            field="organisation_keys",
            what="organisation has the key",
        )
        if not orgs:
            orgs = current_organisations(session, interaction.people, today=clock.today())
        interaction.organisations = orgs
    if "asks" in data:
        outcomes = _asks_discussed(session, data["asks"] or [])
        existing = {link.ask_id: link for link in interaction.ask_links}
        links = []
        for ask_id, outcome in outcomes.items():
            # The interaction's id is set through the relationship when it is flushed.
            link = existing.get(ask_id) or InteractionAsk(ask_id=ask_id)  # type: ignore[call-arg]
            link.outcome = outcome
            links.append(link)
        interaction.ask_links = links  # links left out are orphans: deleted on flush


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if "kind" in values:
        values["kind"] = InteractionKind(values["kind"])
    for name in ("location", "summary", "notes"):
        if name in values and values[name] is None:
            values[name] = ""
    return values


def create_interaction(*, session: Session, data: dict[str, Any]) -> Interaction:
    values = _values(data)
    interaction = Interaction(
        key=unique_key(session, Interaction, values["title"]),
        title=values["title"],
        kind=values["kind"],
        occurred_at=values["occurred_at"],
    )
    assign(interaction, values, FIELDS)
    session.add(interaction)
    _set_links(session, interaction, values)
    session.flush()
    return interaction


def update_interaction(interaction: Interaction, *, session: Session, data: dict[str, Any]) -> None:
    values = _values(data)
    assign(interaction, values, FIELDS)
    _set_links(session, interaction, values)
    session.add(interaction)
    session.flush()


# -- what other areas read -----------------------------------------------------------------


def open_actions(session: Session, *, until: date | None = None) -> list[FollowUpAction]:
    """The follow-up actions not yet done, of interactions not archived: each with its
    `interaction` and its `owner` (a User, or None) loaded. With `until`, only those due on or
    before that day (actions with no due date are left out); without, all of them. Soonest due
    first, actions with no due date last, then in the order they were added."""
    query = (
        select(FollowUpAction)
        .join(Interaction, col(Interaction.id) == col(FollowUpAction.interaction_id))
        .where(col(FollowUpAction.done_at).is_(None), col(Interaction.archived_at).is_(None))
        .options(
            selectinload(FollowUpAction.interaction),  # type: ignore[arg-type]
            selectinload(FollowUpAction.owner),  # type: ignore[arg-type]
        )
    )
    if until is not None:
        query = query.where(col(FollowUpAction.due_on) <= until)
    actions = list(session.exec(query))
    return sorted(actions, key=lambda a: (a.due_on is None, a.due_on or date.min, a.id or 0))


def _newest_first(session: Session, query: Any) -> list[Interaction]:
    query = query.where(col(Interaction.archived_at).is_(None)).options(*LINKS)
    query = query.order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    return list(session.exec(query))


def interactions_for_person(session: Session, person_id: int) -> list[Interaction]:
    """The interactions (not archived) the person attended, newest first, with their users,
    people, organisations and asks discussed loaded (five queries)."""
    attended = select(InteractionPerson.interaction_id).where(
        InteractionPerson.person_id == person_id
    )
    return _newest_first(session, select(Interaction).where(col(Interaction.id).in_(attended)))


def interactions_for_ask(session: Session, ask_id: int) -> list[Interaction]:
    """The interactions (not archived) that discussed the ask, newest first, loaded as
    `interactions_for_person`'s; each one's `ask_links` holds the outcome for that ask."""
    discussed = select(InteractionAsk.interaction_id).where(InteractionAsk.ask_id == ask_id)
    return _newest_first(session, select(Interaction).where(col(Interaction.id).in_(discussed)))


# -- a range of UK days (the list page's From and To, the API's ?from= and ?to=) -------------


def start_of(day: date) -> datetime:
    """The moment a UK day starts, in UTC."""
    return datetime.combine(day, time(), tzinfo=clock.UK).astimezone(UTC)


def on_or_after(query: Any, day: date) -> Any:
    return query.where(col(Interaction.occurred_at) >= start_of(day))


def on_or_before(query: Any, day: date) -> Any:
    return query.where(col(Interaction.occurred_at) < start_of(day + timedelta(days=1)))
