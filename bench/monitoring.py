"""The monitoring inbox (issue 19): one monitoring pass over 10 watches × 6 sources against
the fixture server, and the inbox page with 100,000 items (its first page, with filters).

The pass is the real `flask monitor --once` work (`campaign.monitoring.passes.run`) against
tests/support/monitoring_fixtures served by a local RecordedServer: every request, parse,
match, insert and commit; no sleeping (the polite interval is set to 0 here, as a test server
needs no politeness). The inbox rows are written with Core INSERTs in batches (the pass's
own path is measured above), spread over 10 watches, 4 asks and 7 sources.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from statistics import median
from time import perf_counter

from sqlalchemy import func, insert, select
from sqlmodel import Session

from bench.context import invoke_cli
from bench.pages import _timings, count_page_queries, signed_in_client
from bench.registry import Reading, measurement
from bench.seed_import import SEED_BUNDLE
from campaign.db import get_engine
from campaign.models import Ask, MonitorItem, MonitorMatch, MonitorSource, Person, PersonKind, Watch

ITEMS = 100_000
WATCHES = 10
BATCH = 5_000
API_SOURCES = ["written-questions", "written-statements", "hansard", "bills", "committees", "govuk"]


def _asks(session: Session, count: int) -> list[Ask]:
    asks = list(session.exec(select(Ask).order_by(Ask.id).limit(count)).scalars())
    if not asks:
        raise RuntimeError("the seed campaign has no asks")
    return asks


def _watches(
    session: Session, asks: list[Ask], *, sources: list[str], feeds: list[str]
) -> list[Watch]:
    terms = [
        '"online safety"',
        "Ofcom codes",
        '"end-to-end encryption"',
        "Meta encryption",
        '"child sexual abuse"',
        "grooming",
        '"age assurance"',
        '"Online Safety Act"',
        "Childline",
        "sextortion",
    ]
    watches = []
    for index in range(WATCHES):
        watch = Watch(
            key=f"bench-watch-{index}",
            name=f"Bench watch {index}",
            ask_id=asks[index % len(asks)].id,
            terms=terms[index % len(terms)],
            sources=sources,
            feeds=feeds,
        )
        session.add(watch)
        watches.append(watch)
    session.commit()
    return watches


def fill_inbox(app, *, items: int = ITEMS, seed: int = 19) -> dict:
    """`items` inbox items over 10 watches (1 or 2 each), 4 asks and every source; a fifth
    dismissed, a tenth linked to a person."""
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    sources = [s.value for s in MonitorSource]
    with app.app_context(), Session(get_engine()) as session:
        asks = _asks(session, 4)
        watches = _watches(session, asks, sources=sources, feeds=["http://127.0.0.1/feed.xml"])
        person = Person(
            key="bench-member",
            name="Bench Member",
            kind=PersonKind.MP,
            parliament_member_id=999_001,
        )
        session.add(person)
        session.commit()
        watch_ids = [w.id for w in watches]
        person_id = person.id
        ask_slug, person_key = asks[0].slug, person.key
    engine = get_engine_for(app)
    start = date(2026, 12, 7)
    found = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with engine.begin() as connection:
        first_id = connection.scalar(select(func.coalesce(func.max(MonitorItem.id), 0))) + 1
        for offset in range(0, items, BATCH):
            rows, matches = [], []
            for n in range(offset, min(offset + BATCH, items)):
                source = sources[n % len(sources)]
                status = "dismissed" if n % 5 == 0 else ("linked" if n % 17 == 0 else "new")
                rows.append(
                    {
                        "id": first_id + n,
                        "source": source,
                        "source_id": f"bench-{n}",
                        "url": f"https://example.org/{source}/{n}",
                        "title": f"Item {n}: online safety and encryption",
                        "kind": "Written answer",
                        "date": start - timedelta(days=n // 300),
                        "snippet": "Ofcom's codes of practice on online safety " * 3,
                        "text": "Ofcom's codes of practice on online safety " * 10,
                        "member_id": 999_001 if n % 10 == 0 else None,
                        "member_name": "Bench Member" if n % 10 == 0 else "",
                        "person_id": person_id if n % 10 == 0 else None,
                        "organisation_name": "Home Office",
                        "licence": "Contains Parliamentary information licensed under the Open "
                        "Parliament Licence v3.0.",
                        "raw": {"id": n},
                        "status": status,
                        "dismissed_reason": "not ours" if status == "dismissed" else "",
                        "found_at": found - timedelta(minutes=n),
                    }
                )
                chosen = rng.sample(watch_ids, 2 if n % 3 == 0 else 1)
                matches.extend(
                    {
                        "item_id": first_id + n,
                        "watch_id": watch_id,
                        "terms": ["online safety"],
                        "matched_at": found - timedelta(minutes=n),
                    }
                    for watch_id in chosen
                )
            connection.execute(insert(MonitorItem), rows)
            connection.execute(insert(MonitorMatch), matches)
    _reset_sequence(app)
    return {"ask": ask_slug, "person": person_key}


def get_engine_for(app):
    with app.app_context():
        return get_engine()


def _reset_sequence(app) -> None:
    engine = get_engine_for(app)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('monitor_items', 'id'), "
                "(SELECT MAX(id) FROM monitor_items))"
            )
            connection.exec_driver_sql("ANALYZE monitor_items; ANALYZE monitor_matches")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


TOPICS = [
    "online safety",
    "Ofcom codes",
    "end-to-end encryption",
    "Meta encryption",
    "child sexual abuse",
    "grooming",
    "age assurance",
    "Online Safety Act",
    "Childline",
    "sextortion",
]
PER_SOURCE = 20  # items per topic and source in the fixture


@measurement(
    "monitoring.pass",
    target=30.0,
    description=f"one monitoring pass (flask monitor --once) over {WATCHES} watches × "
    f"{len(API_SOURCES)} sources against the fixture server ({PER_SOURCE} items per topic and "
    "source); then a second pass that must store nothing new",
)
def monitoring_pass(ctx) -> Reading:
    from campaign.monitoring import passes  # noqa: PLC0415
    from tests.support.monitoring_server import MonitoringWorld  # noqa: PLC0415
    from tests.support.monitoring_world_data import populate  # noqa: PLC0415

    app = ctx.fresh_app()
    with MonitoringWorld() as world:
        for seed, topic in enumerate(TOPICS):
            populate(world, day=date(2026, 12, 7), topic=topic, per_source=PER_SOURCE, seed=seed)
        app.config.update(world.settings())
        now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
        with app.app_context(), Session(get_engine()) as session:
            for index, topic in enumerate(TOPICS):
                session.add(
                    Watch(
                        key=f"bench-pass-{index}",
                        name=topic,
                        terms=f'"{topic}"',
                        sources=API_SOURCES,
                    )
                )
            session.commit()
            started = perf_counter()
            first = passes.run(session=session, config=app.config, now=now, trigger="bench")
            seconds = perf_counter() - started
            started = perf_counter()
            second = passes.run(session=session, config=app.config, now=now, trigger="bench")
            again = perf_counter() - started
            stored = session.scalar(select(func.count()).select_from(MonitorItem))
            matched = session.scalar(select(func.count()).select_from(MonitorMatch))
    if first.failed or second.failed:
        raise RuntimeError(" ".join(first.lines() + second.lines()))
    if sum(s.items_new for s in second.sources):
        raise RuntimeError(f"the second pass stored more: {' '.join(second.lines())}")
    requests = sum(s.requests for s in first.sources)
    return Reading(
        seconds,
        detail=f"{stored:,} items, {matched:,} matches, {requests} requests; second pass "
        f"{again:.2f} s, 0 new",
        extra={"items": stored, "matches": matched, "requests": requests, "second": again},
    )


@measurement(
    "monitoring.inbox_100k",
    target=0.3,
    description=f"the inbox's first page with {ITEMS:,} items: unfiltered (new), by ask, by "
    "source and status, by person; the slowest median of the four",
)
def inbox_page(ctx) -> Reading:
    app = ctx.fresh_app()
    result = invoke_cli(app, "import-bundle", str(SEED_BUNDLE))
    if result.exit_code != 0:
        raise RuntimeError(f"import-bundle: {result.output.strip()[-300:]}")
    started = perf_counter()
    keys = fill_inbox(app)
    fill_seconds = perf_counter() - started
    client = signed_in_client(app)
    paths = [
        "/inbox/",
        f"/inbox/?ask={keys['ask']}",
        "/inbox/?source=hansard&status=all",
        f"/inbox/?person={keys['person']}&status=new",
    ]
    medians = {path: median(_timings(client, path)) for path in paths}
    slowest = max(medians, key=medians.__getitem__)
    queries = count_page_queries(app, client, slowest)
    detail = ", ".join(f"{path} {seconds * 1000:.0f} ms" for path, seconds in medians.items())
    return Reading(
        medians[slowest],
        detail=f"slowest {slowest} ({queries} queries); {detail}; filled in {fill_seconds:.0f} s",
        extra={"medians": medians, "queries": queries, "fill_seconds": fill_seconds},
    )
