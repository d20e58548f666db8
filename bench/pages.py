"""(c) Page render times and query counts, and (d) the ask page's peak memory, through the
Flask test client on the portfolio (demo data at the run's scale).

Each page is requested once to warm up (template compilation, connection pool), then
REPEATS times; the median is reported. Queries are counted on one more request with a
`before_cursor_execute` listener. A page that answers anything but 200 (not written yet, or
failing) is reported as n/a with its status.

`page.floor` is the least a page can cost: a minimal page (no query, no template) on an app
made with the portfolio's settings, through the same signed-in client and the same request
machinery (the access guard, the session, the unit of work). Each page's detail gives its
ratio to the floor ("4.2× floor"), measured once per backend.
"""

from __future__ import annotations

import secrets
import tracemalloc
from statistics import median
from time import perf_counter

from flask import Flask, url_for
from sqlalchemy import func, select, union_all
from sqlmodel import Session
from werkzeug.routing import BuildError

from bench.context import invoke_cli
from bench.registry import NotAvailable, Reading, measurement
from campaign import create_app
from campaign.db import get_engine
from campaign.models import Ask, AskEvidence, AskMilestone, AskStatistic, User
from tests.support.accounts import sign_in
from tests.support.querycount import count_queries

REPEATS = 5
BENCH_USER = "bench-editor@bench.example"


def signed_in_client(app: Flask):
    """A test client signed in as an editor cleared for restricted evidence (every page, the
    restricted checks included), made once per app through the real `create-user` command."""
    with app.app_context(), Session(get_engine()) as session:
        user = session.exec(select(User).where(User.email == BENCH_USER)).scalars().first()
    if user is None:
        result = invoke_cli(
            app,
            "create-user",
            BENCH_USER,
            "--role",
            "editor",
            "--clearance",
            "--password-stdin",
            input=f"{secrets.token_urlsafe(16)}\n",
        )
        if result.exit_code != 0:
            raise NotAvailable(f"create-user failed: {result.output.strip()}")
        with app.app_context(), Session(get_engine()) as session:
            user = session.exec(select(User).where(User.email == BENCH_USER)).scalars().first()
    client = app.test_client()
    sign_in(client, user)
    return client


def largest_ask_path(app: Flask) -> str:
    """The address of the ask with the most links (statistics + evidence + milestones)."""
    links = union_all(
        select(AskStatistic.ask_id),
        select(AskEvidence.ask_id),
        select(AskMilestone.ask_id),
    ).subquery()
    query = (
        select(Ask.slug)
        .join(links, links.c.ask_id == Ask.id)
        .group_by(Ask.id, Ask.slug)
        .order_by(func.count().desc(), Ask.slug)
        .limit(1)
    )
    with app.app_context(), Session(get_engine()) as session:
        slug = session.scalar(query)
    if slug is None:
        raise NotAvailable("no ask has links")
    with app.test_request_context():
        try:
            return url_for("asks.detail", ident=slug)
        except BuildError as error:
            raise NotAvailable("no ask page (asks.detail) yet") from error


def _get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise NotAvailable(f"HTTP {response.status_code} from {path}")
    return response


def count_page_queries(app: Flask, client, path: str) -> int:
    with count_queries(app) as statements:
        _get(client, path)
    return len(statements)


def _timings(client, path: str) -> list[float]:
    _get(client, path)  # warm-up
    timings = []
    for _ in range(REPEATS):
        started = perf_counter()
        _get(client, path)
        timings.append(perf_counter() - started)
    return timings


FLOOR_PATH = "/bench-floor"
FLOOR_SETTINGS = ("DATABASE_URL", "SECRET_KEY", "WTF_CSRF_ENABLED", "SQL_ECHO", "PUBLIC_BASE_URL")


def floor_seconds(ctx) -> float:
    """The median time of the minimal page (see the module's docstring), once per backend."""
    if ctx.page_floor is None:
        portfolio = ctx.portfolio()
        app = create_app({key: portfolio.config[key] for key in FLOOR_SETTINGS})
        app.add_url_rule(FLOOR_PATH, "bench_floor", lambda: "<!doctype html><p>floor</p>")
        try:
            ctx.page_floor = median(_timings(signed_in_client(app), FLOOR_PATH))
        finally:
            with app.app_context():
                get_engine().dispose()
    return ctx.page_floor


def time_page(app: Flask, path: str, *, floor: float | None = None) -> Reading:
    client = signed_in_client(app)
    timings = _timings(client, path)
    queries = count_page_queries(app, client, path)
    seconds = median(timings)
    ratio = f", {seconds / floor:.1f}× floor" if floor else ""
    return Reading(
        seconds,
        detail=f"{queries} queries{ratio}, {path}",
        extra={"path": path, "queries": queries, "timings": timings, "floor": floor},
    )


@measurement("page.floor", description="A minimal page through the same client")
def floor_page(ctx) -> Reading:
    return Reading(floor_seconds(ctx), detail=f"no query, no template, {FLOOR_PATH}")


@measurement("page.asks", target=0.1, description="Ask list (first page)")
def ask_list(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/asks/", floor=floor_seconds(ctx))


@measurement("page.ask", target=0.1, description="The ask page of the ask with the most links")
def ask_page(ctx) -> Reading:
    app = ctx.portfolio()
    return time_page(app, largest_ask_path(app), floor=floor_seconds(ctx))


@measurement("page.statistics", target=0.1, description="Statistics list (first page)")
def statistic_list(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/statistics/", floor=floor_seconds(ctx))


@measurement("page.dashboard", target=0.1, description="Dashboard")
def dashboard(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/", floor=floor_seconds(ctx))


@measurement("page.timeline", target=0.1, description="Milestones timeline (first window)")
def timeline(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/milestones/timeline", floor=floor_seconds(ctx))


@measurement(
    "memory.ask-page",
    target=50.0,
    unit="MB",
    description="Peak Python memory (tracemalloc) while rendering the largest ask page",
)
def ask_page_memory(ctx) -> Reading:
    app = ctx.portfolio()
    path = largest_ask_path(app)
    client = signed_in_client(app)
    _get(client, path)  # warm-up, so one-off imports and template compilation don't count
    tracemalloc.start()
    try:
        _get(client, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Reading(peak / 2**20, detail=path, extra={"path": path, "peak_bytes": peak})


# Text filters (issue 15): served by the full-text indexes of campaign/search (see
# docs/search.md). A word that appears in the demo data's wording, so the page has results.
@measurement("page.evidence-search", target=0.1, description="Evidence list, ?q=grooming")
def evidence_search(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/evidence/?q=grooming", floor=floor_seconds(ctx))


@measurement("page.statistics-search", target=0.1, description="Statistics list, ?q=sextortion")
def statistics_search(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/statistics/?q=sextortion", floor=floor_seconds(ctx))


# Claims (issue 15): stored verdicts, filtered, counted and paged in SQL (docs/claims.md).
@measurement("page.claims", target=0.1, description="Claims page (first page, every claim)")
def claims_page(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/claims/", floor=floor_seconds(ctx))


@measurement("page.claims-stale", target=0.1, description="Claims page, ?flag=stale")
def claims_stale_page(ctx) -> Reading:
    return time_page(ctx.portfolio(), "/claims/?flag=stale", floor=floor_seconds(ctx))
