"""Crafted query strings on every page without URL variables (every list page among them):
never a server error, and the page's links (sorting, paging, filters) stay on this site.

`url_with` (campaign/rendering.py) once passed every query argument to `url_for`, so
`?endpoint=x` was a 500, `?_external=1&_scheme=javascript` made the paging links absolute
`javascript:` addresses and `?_anchor=x` added a fragment; a huge `?page=` overflowed the
database's OFFSET.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from campaign.packs import generation

CRAFTED = [
    "page=99999999999999999999",
    "page=-1",
    "page=abc",
    "endpoint=x",
    "_external=1",
    "_anchor=x",
    "_external=1&_scheme=javascript",
    "_method=DELETE",
    "sort=__class__",
    "page=2&endpoint=x&_external=1&_anchor=x&_scheme=javascript&sort=__class__",
]
LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')


def pages(app) -> list[str]:
    """Every GET address of the app that has no variables: lists, dashboards, exports."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


def links(body: str) -> set[str]:
    return {unescape(link) for link in LINK.findall(body)}


def off_site(link: str) -> bool:
    """A link that leaves this site, or runs script: a scheme, a host, or a `//` address."""
    parts = urlsplit(link)
    return bool(parts.scheme or parts.netloc) or link.startswith("//")


@pytest.fixture
def lists(make_app, make):
    """The app with two rows to a page, and three of each kind of row: every list has a
    second page, so it shows its paging links as well as its sorting links."""
    app = make_app(PER_PAGE=2)
    for n in range(3):
        organisation = make.organisation(name=f"Organisation {n}")
        source = make.source(title=f"Source {n}")
        make.statistic(label=f"Statistic {n}", source=source)
        make.evidence(title=f"Evidence {n}", source=source)
        make.ask(title=f"Ask {n}", targets=[organisation])
        make.response(title=f"Response {n}", organisation=organisation)
        make.milestone(title=f"Milestone {n}", organisation=organisation)
    yield app
    generation.shutdown(app)


def test_crafted_query_strings_never_fail_and_links_stay_on_the_site(lists):
    app, client = lists, lists.test_client()
    urls = pages(app)
    assert "/asks/" in urls and "/audit/" in urls and "/packs/" in urls  # the lists are there
    failures = []
    for url in urls:
        plain = client.get(url)
        assert plain.status_code < 500, url
        known = links(plain.get_data(as_text=True)) if plain.mimetype == "text/html" else set()
        for query in CRAFTED:
            crafted = f"{url}?{query}"
            response = client.get(crafted)
            if response.status_code >= 500:
                failures.append(f"{crafted}: {response.status_code}")
                continue
            if response.mimetype != "text/html":
                continue
            for link in links(response.get_data(as_text=True)) - known:
                parts = urlsplit(link)
                if off_site(link) or parts.fragment == "x":
                    failures.append(f"{crafted}: link {link}")
                elif parts.path == urlsplit(crafted).path and "_anchor" in query:
                    # A link back to this list keeps the crafted argument as a query argument.
                    assert parse_qs(parts.query).get("_anchor") == ["x"], (crafted, link)
    assert failures == []


def test_paging_links_keep_the_query_as_query_arguments(lists):
    client = lists.test_client()
    body = client.get("/statistics/?page=2&q=&_anchor=top&endpoint=x").get_data(as_text=True)
    previous = re.search(r'<a [^>]*href="([^"]*)" rel="prev">', body)
    assert previous, "the second page links to the first"
    link = urlsplit(unescape(previous.group(1)))
    assert link.path == "/statistics/" and not link.fragment
    assert parse_qs(link.query, keep_blank_values=True) == {
        "page": ["1"],
        "q": [""],
        "_anchor": ["top"],
        "endpoint": ["x"],
    }


def test_a_huge_page_number_shows_an_empty_page(lists):
    response = lists.test_client().get("/statistics/?page=99999999999999999999")
    assert response.status_code == 200
    assert "No statistics match." in response.get_data(as_text=True)
