"""How noisy a watch is: the items it found in the seven days before now and how many of them
are now dismissed, on the list (one grouped query for the page) and the watch's page; and the
list's filters."""

from __future__ import annotations

import re
from datetime import timedelta

from campaign.models import ItemStatus
from campaign.watches import services
from tests.support.accounts import email_for
from tests.support.querycount import count_queries
from tests.watches.conftest import NOW


def _row_of(page: str, name: str) -> list[str]:
    """The cells of the list's row for the watch named `name` (tags stripped)."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name}")


def test_the_figures_count_last_weeks_items_and_those_dismissed(client, session, watch, found):
    noisy = watch(name="Noisy")
    quiet = watch(name="Quiet")
    found(noisy, NOW - timedelta(hours=1))
    found(noisy, NOW - timedelta(days=2), status=ItemStatus.DISMISSED)
    found(noisy, NOW - timedelta(days=6, hours=23), status=ItemStatus.DISMISSED)
    found(noisy, NOW - timedelta(days=3), status=ItemStatus.LINKED)
    found(noisy, NOW - timedelta(days=7, minutes=1), status=ItemStatus.DISMISSED)  # too old
    shared = found(quiet, NOW - timedelta(days=1), status=ItemStatus.DISMISSED)
    found(noisy, NOW - timedelta(days=1), item=shared)  # one item, matched by both

    figures = services.noise(session, [noisy.id, quiet.id, None], now=NOW)
    assert figures == {
        noisy.id: services.Noise(items=5, dismissed=3),
        quiet.id: services.Noise(items=1, dismissed=1),
    }

    page = client.get("/watches/").get_data(as_text=True)
    assert "Items last week" in page and "Dismissed last week" in page
    assert _row_of(page, "Noisy")[-2:] == ["5", "3"]
    assert _row_of(page, "Quiet")[-2:] == ["1", "1"]
    detail = client.get(f"/watches/{noisy.id}").get_data(as_text=True)
    assert '<span id="items-last-week">5</span>' in detail
    assert '<span id="dismissed-last-week">3</span>' in detail


def test_a_watch_without_items_shows_none_found(client, session, watch):
    watch(name="New watch")
    assert _row_of(client.get("/watches/").get_data(as_text=True), "New watch")[-2:] == ["0", "0"]
    assert services.noise(session, [], now=NOW) == {}


def test_the_list_costs_the_same_queries_for_one_watch_or_many(app, client, watch, found):
    first = watch(name="Watch 0")
    found(first, NOW - timedelta(days=1))
    with count_queries(app) as one:
        assert client.get("/watches/").status_code == 200
    for n in range(1, 8):
        found(watch(name=f"Watch {n}"), NOW - timedelta(days=1), status=ItemStatus.DISMISSED)
    with count_queries(app) as many:
        page = client.get("/watches/").get_data(as_text=True)
    assert _row_of(page, "Watch 7")[-2:] == ["1", "1"]
    assert len(many) == len(one)


def test_the_list_filters_by_ask_source_alert_level_and_owner(client, make, watch):
    ask = make.ask(title="Keep children safe on Meta", slug="meta")
    on_ask = watch(name="On the ask", ask="meta", sources=["hansard"])
    feeds = watch(
        name="Feeds",
        sources=["feed", "govuk"],
        feeds=["https://example.org/feed"],
        alert_level="immediate",
        owner=email_for("admin", True),
    )

    def names(query: str) -> set[str]:
        page = client.get(f"/watches/?{query}").get_data(as_text=True)
        return {w for w in ("On the ask", "Feeds") if f">{w}</a>" in page}

    assert names("") == {"On the ask", "Feeds"}
    assert names(f"ask={ask.id}") == {"On the ask"}
    assert names("source=feed") == {"Feeds"}
    assert names("source=hansard") == {"On the ask"}
    assert names("source=nonsense") == set()
    assert names("alert_level=immediate") == {"Feeds"}
    assert names(f"owner={feeds.owner_id}") == {"Feeds"}
    assert names("owner=x") == set()
    assert on_ask.owner_id is None
