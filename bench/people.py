"""Issue 18: `flask sync-members` against the local Members API fixture server
(tests/support/members_fixture.py: 650 MPs and 800 peers in the API's real shape, with their
posts), on an empty database, then again: the second run must change nothing, or the row is
an error. The time includes the HTTP requests to the fixture server on 127.0.0.1."""

from __future__ import annotations

from time import perf_counter

from sqlalchemy import func, select
from sqlmodel import Session

from bench.registry import Reading, measurement
from campaign.db import get_engine
from campaign.models import Person, PersonRole, Revision
from campaign.people.cli import run_sync
from tests.support.members_fixture import MembersApiFixture

MPS, PEERS = 650, 800


def _counts(app) -> tuple[int, int, int]:
    with app.app_context(), Session(get_engine()) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Person, PersonRole, Revision)
        )


@measurement(
    "people.sync_members",
    target=10.0,
    description=f"flask sync-members of {MPS} MPs and {PEERS} peers with their posts from the "
    "fixture server on an empty database (fetch, write, revisions, commit); then a second run "
    "that must change nothing",
)
def sync_members(ctx) -> Reading:
    app = ctx.fresh_app()
    with MembersApiFixture(commons=MPS, lords=PEERS) as api:
        app.config["PARLIAMENT_MEMBERS_API_URL"] = api.url
        with app.app_context():
            started = perf_counter()
            first = run_sync()
            seconds = perf_counter() - started
        counts = _counts(app)
        with app.app_context():
            started = perf_counter()
            second = run_sync()
            again = perf_counter() - started
    if first.created != MPS + PEERS or first.problems:
        raise RuntimeError(f"first sync: {' '.join(first.lines())}")
    if second.changes or second.unchanged != MPS + PEERS or _counts(app) != counts:
        raise RuntimeError(f"the second sync changed something: {' '.join(second.lines())}")
    people, roles, revisions = counts
    return Reading(
        seconds,
        detail=f"{people:,} people, {roles} roles, {revisions:,} revisions, "
        f"{first.requests} requests; second run {again:.2f} s, 0 changes",
        extra={
            "people": people,
            "roles": roles,
            "revisions": revisions,
            "requests": first.requests,
            "second_run_seconds": again,
            "second_run_unchanged": second.unchanged,
        },
    )
