"""Syncing MPs and peers from the UK Parliament Members API (`flask sync-members`, the weekly
job): create the members not yet held, refresh what the API owns of those held, and keep their
current government and opposition posts as dated roles. docs/people.md, "Members from the
Members API", says what the sync owns and what it never touches.

Plain functions: the caller gives the session (one transaction: the command and the job use
`session_scope`), the client and the day. Everything is fetched before anything is written, so
an API failure part-way changes nothing. A second run with the same answers changes nothing:
only values that differ are assigned, so no row is updated and no revision is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slugify import slugify
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign.models import House, LawfulBasis, Person, PersonKind, PersonRole
from campaign.models.base import KEY_LENGTH
from campaign.people.members_api import (
    LICENCE_ATTRIBUTION,
    Member,
    MembersClient,
    Problem,
)
from campaign.people.members_api import House as HouseName
from campaign.people.personal_data import erased_fingerprints, fingerprint

HOUSES: tuple[HouseName, ...] = ("commons", "lords")
# `data_source` of a synced member (docs/people.md): where the details came from, with the
# attribution the Open Parliament Licence asks for. The same text every run (no date), so a
# second run leaves it alone.
SOURCE = f"UK Parliament Members API (members-api.parliament.uk). {LICENCE_ATTRIBUTION}"
# Members are held under legitimate interests: a charity has no task laid down in law to hold
# them for (public task); docs/people.md says why. Set on the members it creates only.
LAWFUL_BASIS = LawfulBasis.LEGITIMATE_INTERESTS
KINDS = {"commons": PersonKind.MP, "lords": PersonKind.PEER}
# The longest value each column takes (campaign.models.people): longer is reported, not cut.
LIMITS = {"name": 200, "party": 100, "constituency": 200}
ROLE_TITLE_LIMIT = 200


@dataclass
class Fetched:
    """What the API answered for the houses asked for, before anything is written."""

    houses: tuple[HouseName, ...]
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    requests: int = 0
    # Every post the API lists as held by anyone: only roles with these titles are the sync's.
    post_titles: set[str] = field(default_factory=set)


@dataclass
class SyncReport:
    houses: tuple[HouseName, ...] = HOUSES
    created: int = 0
    updated: int = 0  # a field or a post changed
    unchanged: int = 0
    left: int = 0  # held, no longer returned as current: their posts ended
    roles_started: int = 0
    roles_ended: int = 0
    requests: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.left + self.roles_started + self.roles_ended

    def lines(self) -> list[str]:
        houses = " and ".join(self.houses)
        lines = [
            f"Members API ({houses}, {self.requests} requests): {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.left} no longer "
            f"current; roles: {self.roles_started} started, {self.roles_ended} ended.",
        ]
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s), not synced:")
            lines.extend(f"  {problem}" for problem in self.problems)
        return lines


def fetch(client: MembersClient, house: HouseName | None = None) -> Fetched:
    """Every current member of `house` (both when None), with their current posts; the posts
    are fetched once for both houses. Raises MembersApiError naming the URL that failed."""
    houses = (house,) if house else HOUSES
    start = client.requests
    fetched = Fetched(houses)
    posts = client.current_posts()
    fetched.post_titles = {str(name) for names in posts.values() for name in names}
    for name in houses:
        result = client.current_members(name, posts=posts)
        fetched.members.extend(result.members)
        fetched.problems.extend(result.problems)
    fetched.requests = client.requests - start
    return fetched


def sync_members(
    *, session: Session, client: MembersClient, today: date, house: HouseName | None = None
) -> SyncReport:
    """Fetch, then store (`apply`). Nothing is written if the API fails."""
    fetched = fetch(client, house)
    return apply(session=session, fetched=fetched, today=today)


def apply(*, session: Session, fetched: Fetched, today: date) -> SyncReport:
    """Store what was fetched: four queries to read what is held (people with a member id,
    their roles, every key, the fingerprints of erased members), whatever the numbers. A member
    not held whose id was erased on request is not created again (docs/people.md)."""
    report = SyncReport(houses=fetched.houses, requests=fetched.requests)
    report.problems.extend(str(problem) for problem in fetched.problems)
    held = {
        person.parliament_member_id: person
        for person in session.exec(
            select(Person)
            .where(col(Person.parliament_member_id).is_not(None))
            .options(selectinload(Person.roles))  # type: ignore[arg-type]
        )
    }
    taken = set(session.exec(select(Person.key)))
    erased = erased_fingerprints(session, "member")
    new_roles: list[tuple[Person, Sequence[str]]] = []
    returned: set[int] = set()
    for member in fetched.members:
        returned.add(member.member_id)
        person = held.get(member.member_id)
        if person is None and fingerprint("member", member.member_id) in erased:
            # Without the name: the report must not bring it back either.
            problem = f"{member.house} member {member.member_id}: erased on request, not re-created"
            report.problems.append(problem)
            continue
        where = f"{member.house} member {member.member_id} ({member.name})"
        values = _values(member)
        too_long = _too_long(values, member.posts)
        if too_long:
            report.problems.append(f"{where}: {too_long}")
            continue
        if person is None:
            person = _create(session, member, values, taken)
            new_roles.append((person, member.posts))
            report.created += 1
            continue
        if person.erased_at is not None:
            report.problems.append(f"{where}: erased on request, so not refreshed")
            continue
        changed = _refresh(person, member, values)
        started, ended = _sync_posts(
            session, person, member.posts, today=today, titles=fetched.post_titles
        )
        report.roles_started += started
        report.roles_ended += ended
        if changed or started or ended:
            report.updated += 1
        else:
            report.unchanged += 1
    if new_roles:
        session.flush()  # the new people's ids, for their roles
        for person, posts in new_roles:
            report.roles_started += _start_roles(session, person, posts)
    _end_departed(report, held, returned, fetched, today=today)
    session.flush()
    return report


def _values(member: Member) -> dict[str, Any]:
    """What the API owns of a person, as the columns take it."""
    return {
        "name": member.name,
        "party": member.party or "",
        # For peers the API's membershipFrom is the kind of peerage, not a place.
        "constituency": (member.constituency or "") if member.house == "commons" else "",
        "house": House(member.house),
    }


def _too_long(values: dict[str, Any], posts: Iterable[str]) -> str:
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            return f"{name} longer than {limit} characters"
    for post in posts:
        if len(post) > ROLE_TITLE_LIMIT:
            return f"post “{post[:40]}…” longer than {ROLE_TITLE_LIMIT} characters"
    return ""


def _key(name: str, taken: set[str]) -> str:
    """As campaign.common.keys.unique_key, against the keys already read (no query each)."""
    base = slugify(name, max_length=KEY_LENGTH - 6, word_boundary=True) or "people"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _create(session: Session, member: Member, values: dict[str, Any], taken: set[str]) -> Person:
    person = Person(
        key=_key(member.name, taken),
        kind=KINDS[member.house],
        parliament_member_id=member.member_id,
        lawful_basis=LAWFUL_BASIS,
        data_source=SOURCE,
        **values,
    )
    session.add(person)
    return person


def _refresh(person: Person, member: Member, values: dict[str, Any]) -> bool:
    """Assign only what differs (an equal assignment would still mark the row changed for
    the revisions). Kind follows the house only while it is MP or peer: an officer's other
    choice (minister) is theirs. The source is added to what an officer wrote, never
    replacing it; notes, contact details, tags and lawful basis are never touched."""
    wanted = dict(values)
    if person.kind in KINDS.values():
        wanted["kind"] = KINDS[member.house]
    if SOURCE not in person.data_source:
        wanted["data_source"] = f"{person.data_source}\n{SOURCE}".strip()
    changed = False
    for name, value in wanted.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    return changed


def _synced_roles(person: Person, today: date, titles: set[str]) -> list[PersonRole]:
    """The roles the sync keeps: current ones with no organisation, titled as a post the API
    lists (docs/people.md). A role an officer typed ("Chair, APPG on Online Safety") is left
    alone even without an organisation."""
    return [
        r
        for r in person.roles
        if r.organisation_id is None and r.current_on(today) and r.title in titles
    ]


def _end(role: PersonRole, today: date) -> None:
    role.ended_on = max(today, role.started_on) if role.started_on else today


def _sync_posts(
    session: Session, person: Person, posts: Sequence[str], *, today: date, titles: set[str]
) -> tuple[int, int]:
    """End the synced roles whose post is no longer held; start a role for each new post."""
    roles = _synced_roles(person, today, titles | {str(post) for post in posts})
    ended = 0
    for role in roles:
        if role.title not in posts:
            _end(role, today)
            ended += 1
    titles = {role.title for role in roles}
    started = _start_roles(session, person, [post for post in posts if post not in titles])
    return started, ended


def _start_roles(session: Session, person: Person, posts: Iterable[str]) -> int:
    started = 0
    for post in posts:
        if person.id is None:  # flushed by the caller before roles are started
            raise ValueError("save the person before starting a role")
        role = PersonRole(
            person_id=person.id, title=str(post), started_on=getattr(post, "started_on", None)
        )
        session.add(role)
        started += 1
    return started


def _end_departed(
    report: SyncReport,
    held: dict[int | None, Person],
    returned: set[int],
    fetched: Fetched,
    *,
    today: date,
) -> None:
    """Members held for a synced house and no longer returned as current are kept, with their
    posts ended. Skipped when the API sent items it could not read: one of them may be the
    member (the problems say which)."""
    if fetched.problems:
        if any(p.house in fetched.houses for p in held.values() if p.house):
            report.problems.append(
                "Posts of members no longer returned were not ended this run, because the API "
                "sent items that could not be read."
            )
        return
    houses = {House(name) for name in fetched.houses}
    for member_id, person in held.items():
        if member_id in returned or person.house not in houses or person.erased_at is not None:
            continue
        roles = _synced_roles(person, today, fetched.post_titles)
        for role in roles:
            _end(role, today)
        if roles:
            report.left += 1
            report.roles_ended += len(roles)
