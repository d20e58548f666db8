"""A person's personal data: everything held about them in one JSON document (a subject access
request), and erasure, which blanks every personal field and leaves a tombstone so the
interactions, stances and commitments that name them keep their shape (docs/people.md,
"Personal data"). Plain functions: keyword-only `session`, no request, no commit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign.clock import now
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError
from campaign.models import (
    AuditEvent,
    AuditKind,
    Commitment,
    Interaction,
    InteractionAsk,
    InteractionPerson,
    Person,
    PersonRole,
    Revision,
    Stance,
)
from campaign.revisions.recording import PENDING as REVISIONS_PENDING

ERASED_NAME = "Erased person"
FORMAT = "campaign-personal-data/1"
# Bookkeeping columns that may still move on a tombstone (the version counter on a flush).
_BOOKKEEPING = frozenset({"updated_at", "version"})


def subject_of(person: Person) -> str:
    """How audit events name a person: by id only. A key is made from the name
    ("jo-member"), so it would keep the name in the log after an erasure."""
    return f"person {person.id}"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _user_name(user) -> str | None:
    return user.display_name if user is not None else None


# -- export ----------------------------------------------------------------------------------
def _person_json(person: Person) -> dict[str, Any]:
    return {
        "key": person.key,
        "name": person.name,
        "kind": person.kind.value,
        "party": person.party,
        "constituency": person.constituency,
        "house": person.house.value if person.house else None,
        "email": person.email,
        "phone": person.phone,
        "notes": person.notes,
        "parliament_member_id": person.parliament_member_id,
        "lawful_basis": person.lawful_basis.value,
        "data_source": person.data_source,
        "tags": [tag.name for tag in person.tags],
        "roles": [
            {
                "title": role.title,
                "organisation": role.organisation.name if role.organisation else None,
                "started_on": _iso(role.started_on),
                "ended_on": _iso(role.ended_on),
            }
            for role in sorted(person.roles, key=lambda r: r.id or 0)
        ],
        "created_at": _iso(person.created_at),
        "updated_at": _iso(person.updated_at),
        "archived_at": _iso(person.archived_at),
        "erased_at": _iso(person.erased_at),
    }


# What each part of the export names, loaded in a fixed number of queries however many rows.
# (mypy sees the model attributes as their Python values, not as SQLAlchemy's attributes.)
_STANCE_LINKS = [
    selectinload(Stance.ask),  # type: ignore[arg-type]
    selectinload(Stance.assessed_by),  # type: ignore[arg-type]
    selectinload(Stance.interaction),  # type: ignore[arg-type]
    selectinload(Stance.response),  # type: ignore[arg-type]
]
_INTERACTION_LINKS = [
    selectinload(Interaction.people),  # type: ignore[arg-type]
    selectinload(Interaction.users),  # type: ignore[arg-type]
    selectinload(Interaction.organisations),  # type: ignore[arg-type]
    selectinload(Interaction.ask_links).selectinload(InteractionAsk.ask),  # type: ignore[arg-type]
    selectinload(Interaction.actions),  # type: ignore[arg-type]
]
_COMMITMENT_LINKS = [
    selectinload(Commitment.organisation),  # type: ignore[arg-type]
    selectinload(Commitment.changes),  # type: ignore[arg-type]
]


def stances_of(session: Session, person: Person) -> list[Stance]:
    query = select(Stance).where(Stance.person_id == person.id).options(*_STANCE_LINKS)
    return list(session.exec(query.order_by(col(Stance.assessed_on), col(Stance.id))))


def interactions_of(session: Session, person: Person) -> list[Interaction]:
    """The interactions they attended, oldest first."""
    attended = select(InteractionPerson.interaction_id).where(
        InteractionPerson.person_id == person.id
    )
    query = (
        select(Interaction).where(col(Interaction.id).in_(attended)).options(*_INTERACTION_LINKS)
    )
    return list(session.exec(query.order_by(col(Interaction.occurred_at), col(Interaction.id))))


def commitments_of(session: Session, person: Person) -> list[Commitment]:
    query = select(Commitment).where(Commitment.person_id == person.id).options(*_COMMITMENT_LINKS)
    return list(session.exec(query.order_by(col(Commitment.id))))


def revisions_of(session: Session, person: Person) -> list[Revision]:
    query = select(Revision).where(Revision.entity == "person", Revision.entity_id == person.id)
    return list(session.exec(query.order_by(col(Revision.version), col(Revision.id))))


def audit_events_of(session: Session, person: Person) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.subject == subject_of(person))
    return list(session.exec(query.order_by(col(AuditEvent.at), col(AuditEvent.id))))


def _stance_json(stance: Stance) -> dict[str, Any]:
    return {
        "ask": stance.ask.slug,
        "ask_title": stance.ask.title,
        "stance": stance.stance.value,
        "assessed_on": _iso(stance.assessed_on),
        "assessed_by": _user_name(stance.assessed_by),
        "evidence": stance.evidence,
        "interaction": stance.interaction.key if stance.interaction else None,
        "response": stance.response.key if stance.response else None,
        "recheck_by": _iso(stance.recheck_by),
    }


def _interaction_json(interaction: Interaction, person: Person) -> dict[str, Any]:
    # Other attendees are third parties: named, nothing more (docs/people.md).
    return {
        "key": interaction.key,
        "title": interaction.title,
        "kind": interaction.kind.value,
        "occurred_at": _iso(interaction.occurred_at),
        "location": interaction.location,
        "summary": interaction.summary,
        "notes": interaction.notes,
        "other_attendees": [p.name for p in interaction.people if p.id != person.id],
        "our_attendees": [user.display_name for user in interaction.users],
        "organisations": [o.name for o in interaction.organisations],
        "asks": [{"ask": link.ask.slug, "outcome": link.outcome} for link in interaction.ask_links],
        "follow_up_actions": [
            {"description": a.description, "due_on": _iso(a.due_on), "done": a.done_at is not None}
            for a in interaction.actions
        ],
    }


def _commitment_json(commitment: Commitment) -> dict[str, Any]:
    return {
        "key": commitment.key,
        "title": commitment.title,
        "detail": commitment.detail,
        "organisation": commitment.organisation.name if commitment.organisation else None,
        "made_to": commitment.made_to,
        "made_on": _iso(commitment.made_on),
        "due_on": _iso(commitment.due_on),
        "due_precision": commitment.due_precision.value,
        "status": commitment.status.value,
        "source_note": commitment.source_note,
        "source_url": commitment.source_url,
        "changes": [
            {
                "from": change.old_status.value,
                "to": change.new_status.value,
                "on": _iso(change.changed_on),
                "note": change.note,
            }
            for change in commitment.changes
        ],
    }


def export_person(session: Session, *, person: Person) -> dict[str, Any]:
    """Everything Campaign holds about `person`, as JSON-ready data."""
    return {
        "format": FORMAT,
        "exported_at": _iso(now()),
        "person": _person_json(person),
        "stances": [_stance_json(s) for s in stances_of(session, person)],
        "interactions": [_interaction_json(i, person) for i in interactions_of(session, person)],
        "commitments": [_commitment_json(c) for c in commitments_of(session, person)],
        "revisions": [
            {
                "version": r.version,
                "action": r.action.value,
                "at": _iso(r.at),
                "by": r.actor,
                "via": r.via,
                "snapshot": r.snapshot,
                "changes": r.changes,
            }
            for r in revisions_of(session, person)
        ],
        "audit_events": [
            {
                "at": _iso(e.at),
                "kind": e.kind.value,
                "by": e.actor_email,
                "subject": e.subject,
                "detail": e.detail,
            }
            for e in audit_events_of(session, person)
        ],
    }


# -- erasure ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a person does, counted for the confirmation page."""

    roles: int
    tags: int
    revisions: int
    stances: int
    interactions: list[Interaction]
    commitments: list[Commitment]


def erasure_plan(session: Session, *, person: Person) -> ErasurePlan:
    return ErasurePlan(
        roles=len(person.roles),
        tags=len(person.tags),
        revisions=len(revisions_of(session, person)),
        stances=len(stances_of(session, person)),
        interactions=interactions_of(session, person),
        commitments=commitments_of(session, person),
    )


def fingerprint(kind: str, value: object) -> str:
    """A one-way fingerprint of an identifier an erased person had ("member": their Parliament
    member id; "key": their former key), kept in the erasure's audit event so a later import
    can recognise them without keeping the identifier in the clear. (Member ids are few and
    keys are made from names, so it hides them from a reader of the log, not from someone who
    tries every candidate.)"""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def erased_fingerprints(session: Session, kind: str) -> set[str]:
    """The fingerprints of `kind` ("member" or "key") of everyone erased, in one query:
    `flask sync-members` skips a member whose `fingerprint("member", id)` is among them
    (campaign/people/sync.py), and a bundle import refuses a new person whose
    `fingerprint("key", key)` is (campaign/bundles/people.py), rather than create them again."""
    query = select(AuditEvent.detail).where(AuditEvent.kind == AuditKind.PERSON_ERASED)
    return {d[kind] for d in session.exec(query) if d and d.get(kind)}


def erase_person(session: Session, *, person: Person) -> dict[str, Any]:
    """Blank every personal field of `person` and keep the row as a tombstone. Returns the
    audit event's detail (their id, new key, and fingerprints of their former key and member
    id: never their name)."""
    if person.erased_at is not None:
        raise ServiceError("This person has already been erased.")
    member_id, former_key = person.parliament_member_id, person.key
    moment = now()
    person.name = ERASED_NAME
    person.key = unique_key(session, Person, f"erased-person-{person.id}", exclude_id=person.id)
    for name in ("party", "constituency", "email", "phone", "notes", "data_source"):
        setattr(person, name, "")
    person.house = None
    person.parliament_member_id = None
    person.tags = []
    person.roles.clear()  # deleted: the relationship's cascade is delete-orphan
    person.erased_at = moment
    if person.archived_at is None:  # out of lists and search, like an archived record
        person.archived_at = moment
    for stance in stances_of(session, person):
        stance.evidence = ""
        session.add(stance)
    session.add(person)
    session.flush()
    # No revision of the erasure itself (its `changes` would hold the old values), and none of
    # the earlier ones: each snapshot holds the fields as they were.
    session.info.get(REVISIONS_PENDING, {}).pop(id(person), None)
    session.execute(
        delete(Revision).where(
            col(Revision.entity) == "person", col(Revision.entity_id) == person.id
        )
    )
    detail: dict[str, Any] = {
        "person_id": person.id,
        "new_key": person.key,
        "key": fingerprint("key", former_key),
    }
    if member_id is not None:
        detail["member"] = fingerprint("member", member_id)
    return detail


# -- a tombstone stays erased ----------------------------------------------------------------
def _was_erased(person: Person) -> bool:
    history = inspect(person).attrs.erased_at.history
    return not history.added and not history.deleted and person.erased_at is not None


def _changed(obj) -> bool:
    state = inspect(obj)
    return any(a.key not in _BOOKKEEPING and a.history.has_changes() for a in state.attrs)


def _refuse_changes_to_erased(session: OrmSession, _context, _instances) -> None:
    """No door (page, API, bundle, restore) may change an erased person or give them a role."""
    for obj in session.dirty:
        if isinstance(obj, Person) and _was_erased(obj) and _changed(obj):
            raise ServiceError("This person has been erased: their record cannot be changed.")
    for obj in session.new:
        if isinstance(obj, PersonRole):
            owner = obj.person or session.get(Person, obj.person_id)
            if owner is not None and owner.erased_at is not None:
                raise ServiceError("This person has been erased: they cannot be given a role.")


def init_app(_app) -> None:
    if not event.contains(OrmSession, "before_flush", _refuse_changes_to_erased):
        event.listen(OrmSession, "before_flush", _refuse_changes_to_erased)
