"""Every list filter over a large table is a chooser (campaign/common/choosers.py): no page
lists every ask or organisation as <option>s, the search-then-choose step works without
JavaScript, and the queries do not grow with the table. The Source filter has its own tests
(tests/sources/test_chooser.py)."""

import re

import pytest

from campaign.models import AskTarget
from tests.deliveries.test_log import deliver
from tests.support.querycount import count_queries

# (list page, filter parameter, what it chooses)
CHOOSERS = [
    ("/milestones/timeline", "ask", "ask"),
    ("/milestones/timeline", "organisation", "organisation"),
    ("/milestones/", "ask", "ask"),
    ("/milestones/", "organisation", "organisation"),
    ("/responses/", "ask", "ask"),
    ("/responses/", "organisation", "organisation"),
    ("/asks/", "target", "target"),
    ("/deliveries/", "milestone", "delivered milestone"),
]


def _add(make, what: str, name: str):
    """One row the chooser finds: an ask, an organisation, an organisation that is a target
    of an ask, or a milestone that has a reminder's delivery."""
    if what == "ask":
        return make.ask(title=name)
    if what == "delivered milestone":
        milestone = make.milestone(title=name)
        deliver(make.session, milestone_id=milestone.id)
        return milestone
    organisation = make.organisation(name=name)
    if what == "target":
        make.link(AskTarget(ask_id=make.ask().id, organisation_id=organisation.id))
    return organisation


def _radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]+)">', html)


@pytest.mark.parametrize(("path", "param", "what"), CHOOSERS)
def test_search_then_choose(client, make, path, param, what):
    wanted = _add(make, what, "Kestrel Chat")
    _add(make, what, "Northmoor Police")
    page = client.get(path).get_data(as_text=True)
    assert f'<option value="{wanted.id}"' not in page
    assert f'name="{param}_find"' in page

    found = client.get(f"{path}?{param}_find=kestrel").get_data(as_text=True)
    assert _radios(found, param) == [str(wanted.id)]
    chosen = client.get(f"{path}?{param}={wanted.id}").get_data(as_text=True)
    assert f'<input type="hidden" name="{param}" value="{wanted.id}">' in chosen
    assert "<strong>Kestrel Chat</strong>" in chosen


@pytest.mark.parametrize(("path", "param", "what"), CHOOSERS)
def test_queries_and_page_do_not_grow_with_the_table(app, make, path, param, what):
    client = app.test_client()
    first = _add(make, what, "Row 000")

    def measure():
        counts = []
        for query in ("", f"?{param}_find=row", f"?{param}={first.id}"):
            with count_queries(app) as statements:
                response = client.get(f"{path}{query}")
            assert response.status_code == 200
            counts.append(len(statements))
        return counts, len(client.get(path).get_data())

    few_queries, few_bytes = measure()
    for n in range(1, 60):
        _add(make, what, f"Row {n:03}")
    many_queries, many_bytes = measure()
    assert many_queries == few_queries
    if path not in {"/asks/", "/deliveries/"}:  # lists whose rows are the new rows' own
        assert many_bytes == few_bytes
