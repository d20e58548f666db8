"""The issue's scale check: on the demo portfolio, the ask list and the ask page issue the same
number of SQL statements however much data there is (no query per row)."""

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


def test_ask_list_and_ask_page_queries_do_not_grow_with_the_portfolio(app, runner, session):
    client = app.test_client()
    assert runner.invoke(args=["demo-data", "--scale", "0.02"]).exit_code == 0
    small_slug = _largest_ask_slug(session)
    small = {
        "list": _queries(app, client, "/asks/?per_page=100"),
        "page": _queries(app, client, f"/asks/{small_slug}"),
    }

    # Five times the data: more asks on the list, more links on the largest ask.
    assert runner.invoke(args=["demo-data", "--scale", "0.1"]).exit_code == 0
    large_slug = _largest_ask_slug(session)
    links = session.scalar(
        select(func.count()).select_from(AskStatistic).join(Ask).where(Ask.slug == large_slug)
    )
    assert links > 5
    large = {
        "list": _queries(app, client, "/asks/?per_page=100"),
        "page": _queries(app, client, f"/asks/{large_slug}"),
    }
    assert large == small
