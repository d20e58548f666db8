"""The Source filter of the statistics and evidence lists is a chooser (search, then choose),
never a <select> of every source: it works without JavaScript, keeps `?source=<id>`, and
the page's size and queries do not grow with the number of sources."""

from html.parser import HTMLParser

import pytest

from campaign.common.choosers import MAX_MATCHES
from tests.support.querycount import count_queries

LISTS = ["/statistics/", "/evidence/"]


class Controls(HTMLParser):
    """The filter form's controls: options, radios and hidden fields by name."""

    def __init__(self, html: str):
        super().__init__()
        self.options: list[str] = []
        self.radios: dict[str, list[str]] = {}
        self.hidden: dict[str, str] = {}
        self.inputs: dict[str, str] = {}
        self.links: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option":
            self.options.append(a.get("value", ""))
        elif tag == "a":
            self.links.append(a.get("href", ""))
        elif tag == "input" and a.get("type") == "radio":
            self.radios.setdefault(a["name"], []).append(a["value"])
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("name"):
            self.inputs[a["name"]] = a.get("value", "")


def controls(client, path: str) -> Controls:
    response = client.get(path)
    assert response.status_code == 200
    return Controls(response.get_data(as_text=True))


@pytest.mark.parametrize("path", LISTS)
def test_no_source_is_listed_until_searched_for(client, make, path):
    sources = [make.source(title=f"Crime survey {n}") for n in range(30)]
    page = controls(client, path)
    assert not {str(s.id) for s in sources} & set(page.options)
    assert "source" not in page.radios and "source" not in page.hidden
    assert page.inputs["source_find"] == ""


@pytest.mark.parametrize("path", LISTS)
def test_search_then_choose_without_javascript(client, make, path):
    ons = make.source(title="ONS crime survey", publisher="Office for National Statistics")
    police = make.source(title="Police recorded crime", publisher="Home Office")
    make.source(title="Childline annual review", publisher="NSPCC")
    old = make.source(title="Old crime figures")
    client.post(f"/sources/{old.id}/archive")

    found = controls(client, f"{path}?source_find=Crime")
    assert found.radios["source"] == ["none", str(ons.id), str(police.id)]
    assert found.inputs["source_find"] == "Crime"
    by_publisher = controls(client, f"{path}?source_find=home+office")
    assert by_publisher.radios["source"] == ["none", str(police.id)]

    # Choosing submits ?source=<id> (the same parameter as the old <select>): the chosen
    # source is carried as a hidden field, with its label and a link to change it.
    chosen_html = client.get(f"{path}?source_find=Crime&source={ons.id}").get_data(as_text=True)
    chosen = Controls(chosen_html)
    assert chosen.hidden["source"] == str(ons.id) and "source" not in chosen.radios
    assert "ONS crime survey — Office for National Statistics" in chosen_html
    assert path in chosen.links  # "Change": the same list without the source


@pytest.mark.parametrize("path", LISTS)
def test_matches_are_capped_and_typed_wildcards_are_plain_text(client, make, path):
    for n in range(MAX_MATCHES + 5):
        make.source(title=f"Survey {n:02}")
    make.source(title="100% of reports")
    many = client.get(f"{path}?source_find=survey").get_data(as_text=True)
    assert len(Controls(many).radios["source"]) == MAX_MATCHES + 1  # and "has no source"
    assert f"Only the first {MAX_MATCHES} matches are shown" in many
    percent = controls(client, f"{path}?source_find=%25")
    assert len(percent.radios["source"]) == 2  # "100% of reports", not every source
    nothing = client.get(f"{path}?source_find=zzz").get_data(as_text=True)
    assert "No source matches “zzz”." in nothing


def test_the_filter_itself_is_unchanged(client, make):
    ons = make.source(title="ONS")
    make.statistic(label="Alpha", source_id=ons.id)
    make.statistic(label="Bravo")
    assert "Alpha" in client.get(f"/statistics/?source={ons.id}").get_data(as_text=True)
    none = client.get("/statistics/?source=none").get_data(as_text=True)
    assert "Bravo" in none and "Alpha" not in none and "— has no source —" in none
    stale = client.get("/statistics/?source=999999999").get_data(as_text=True)
    assert "not found (999999999)" in stale and "Alpha" not in stale and "Bravo" not in stale
    archived = make.source(title="Withdrawn report")
    client.post(f"/sources/{archived.id}/archive")
    assert "Withdrawn report" in client.get(f"/statistics/?source={archived.id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("path", LISTS)
def test_queries_and_page_size_do_not_grow_with_the_sources(app, make, path):
    client = app.test_client()

    def measure(query: str) -> tuple[int, int]:
        with count_queries(app) as statements:
            response = client.get(f"{path}{query}")
        assert response.status_code == 200
        return len(statements), len(response.get_data())

    make.source(title="Survey 000")
    few = {query: measure(query) for query in ("", "?source_find=nothing", "?source=1")}
    for n in range(200):
        make.source(title=f"Survey {n:03} with a long title that would fill a select")
    many = {query: measure(query) for query in ("", "?source_find=nothing", "?source=1")}
    assert {q: n for q, (n, _) in many.items()} == {q: n for q, (n, _) in few.items()}
    assert many[""][1] == few[""][1]
