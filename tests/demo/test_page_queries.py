"""The issue's scale check: on the demo portfolio, every everyday page issues the same number of
SQL statements however much data there is (no query per row): the pages `make bench`
measures (bench/pages.py; docs/benchmarks.md)."""

from sqlalchemy import func, select

from campaign.models import Ask, AskStatistic
from tests.support.querycount import count_queries


def _largest_ask_slug(session) -> str:
    return session.scalar(
        select(Ask.slug)
        .join(AskStatistic, AskStatistic.ask_id == Ask.id)
        .group_by(Ask.slug)
        .order_by(func.count().desc(), Ask.slug)
        .limit(1)
    )


def _queries(app, client, path: str) -> int:
    with count_queries(app) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_every_everyday_pages_queries_do_not_grow_with_the_portfolio(app, runner, session):
    client = app.test_client()
    assert runner.invoke(args=["demo-data", "--scale", "0.02"]).exit_code == 0
    small_slug = _largest_ask_slug(session)
    small = {path: _queries(app, client, path) for path in _pages(small_slug)}

    # Five times the data: more asks on the list, more links on the largest ask.
    assert runner.invoke(args=["demo-data", "--scale", "0.1"]).exit_code == 0
    large_slug = _largest_ask_slug(session)
    links = session.scalar(
        select(func.count()).select_from(AskStatistic).join(Ask).where(Ask.slug == large_slug)
    )
    assert links > 5
    large = {path: _queries(app, client, path) for path in _pages(large_slug)}
    assert list(large.values()) == list(small.values()), (small, large)


def _pages(slug: str) -> list[str]:
    """The pages of bench/pages.py, the ask page being the largest ask's."""
    return [
        "/asks/?per_page=100",
        f"/asks/{slug}",
        "/",
        "/milestones/timeline",
        "/statistics/",
        "/statistics/?q=sextortion",
        "/evidence/?q=grooming",
        "/claims/",
        "/claims/?flag=stale",
    ]
