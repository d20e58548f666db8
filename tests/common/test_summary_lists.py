"""Every record's page shows its facts as a GOV.UK summary list (issue 17): an editor sees a
"Change" link on each fact that has a field, landing on that field of the record's edit page;
a viewer sees no Change link, as they see no Edit button (docs/frontend.md, "Summary lists")."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import lxml.html
import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from campaign import models as m
from campaign.entities import all_entities

ENTITIES = all_entities()

# Values that make every optional fact of a record appear (the sample's values are the least a
# form accepts); `None` for a fact that needs another row, made in `_record`.
EXTRAS: dict[str, dict] = {
    "organisation": {"website": "https://example.org/"},
    "source": {"url": "https://example.org/report", "published_on": "2025-03-01"},
    "statistic": {
        "geography": "England",
        "period_label": "2024/25",
        "as_of": "2025-04-01",
        "chart": "Referrals",
        "chart_label": "2024/25",
    },
    "evidence": {"attribution": "A parent", "evidence_date": "2025-02-01"},
    "milestone": {"organisation_id": None, "source_id": None},
    "line": {"review_by": "2026-01-31"},
    "ask": {"owner": "Sam Policy", "tag_names": "online", "target_ids": None},
}


def _record(make, entity):
    """A record of `entity` with its optional facts filled in."""
    if entity.sample is None and entity.name == "commitment":  # made by a row: no sample
        [organisation] = [e for e in ENTITIES if e.name == "organisation"]
        maker = make.record(organisation).id
        extras = {"made_to": "the NSPCC", "made_on": "2026-01-05", "source_note": "A debate"}
        return make.record(
            entity, title="A promise", due="2026-03", organisation_id=maker, **extras
        )
    if entity.sample is None and entity.name == "watch":  # watches a row: no sample
        [organisation] = [e for e in ENTITIES if e.name == "organisation"]
        watched = make.record(organisation).key
        feeds = {"sources": ["feed"], "feeds": ["https://example.org/feed"]}
        return make.record(
            entity,
            name="A watch",
            terms="Ofcom",
            alert_level="digest",
            organisation=watched,
            **feeds,
        )
    if entity.sample is None:
        assert entity.name == "response", f"give {entity.name} a sample or a factory here"
        return make.response(url="https://example.org/letter", reply_expected_by=date(2025, 2, 1))
    values = dict(EXTRAS.get(entity.name, {}))
    for name, value in values.items():
        if value is None:
            other = "source" if name == "source_id" else "organisation"
            [related] = [e for e in ENTITIES if e.name == other]
            values[name] = make.record(related).id
    return make.record(entity, **values)


def _url(app, entity, row, page: str) -> str:
    endpoint = f"{entity.plural}.{page}"
    [rule] = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    by_id = isinstance(rule._converters["ident"], IntegerConverter)
    with app.test_request_context():
        return url_for(endpoint, ident=row.id if by_id else entity.key_of(row))


def _facts(html: str):
    [facts] = lxml.html.fromstring(html).xpath("//main//dl[contains(@class, 'facts')]")
    return facts


def _classes(element) -> set[str]:
    return set(element.get("class", "").split())


def _change_links(facts) -> list[tuple[str, str, str]]:
    """(key, link text, href) for each Change link."""
    found = []
    for row in facts.xpath("./div"):
        for link in row.xpath("./dd[@class='govuk-summary-list__actions']/a"):
            key = row.xpath("./dt")[0].text_content().strip()
            found.append((key, " ".join(link.text_content().split()), link.get("href")))
    return found


def _ids(html: str) -> set[str]:
    return set(lxml.html.fromstring(html).xpath("//main//@id"))


def _edit_button(html: str) -> bool:
    page = lxml.html.fromstring(html)
    return bool(page.xpath("//div[@class='head-actions']/a[normalize-space()='Edit']"))


def _archive_button(html: str) -> bool:
    page = lxml.html.fromstring(html)
    return bool(page.xpath("//main//button[normalize-space()='Archive']"))


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_an_editor_changes_each_fact_on_its_field(app, make, client_as, entity):
    row = _record(make, entity)
    editor = client_as("editor")
    page = editor.get(_url(app, entity, row, "detail"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)

    facts = _facts(html)
    assert {"govuk-summary-list", "facts"} <= _classes(facts)
    rows = facts.xpath("./*")
    assert rows and all(r.tag == "div" and "govuk-summary-list__row" in _classes(r) for r in rows)
    for r in rows:
        assert _classes(r.xpath("./dt")[0]) == {"govuk-summary-list__key"}
        assert _classes(r.xpath("./dd")[0]) == {"govuk-summary-list__value"}
        has_action = bool(r.xpath("./dd[@class='govuk-summary-list__actions']"))
        # In a list with actions, a derived fact's row says it has none (GOV.UK's layout).
        assert has_action != ("govuk-summary-list__row--no-actions" in _classes(r))

    links = _change_links(facts)
    assert links, "no Change link"
    assert _edit_button(html) and _archive_button(html)
    edit_url = _url(app, entity, row, "edit")
    edit_page = editor.get(edit_url)
    assert edit_page.status_code == 200
    fields = _ids(edit_page.get_data(as_text=True))
    for key, text, href in links:
        assert text == f"Change {key.lower()}"
        target = urlsplit(href)
        assert target.path == edit_url, href
        assert target.fragment in fields, (key, href)


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_a_viewer_sees_the_facts_without_change_links(app, make, client_as, entity):
    row = _record(make, entity)
    page = client_as("viewer").get(_url(app, entity, row, "detail"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    facts = _facts(html)
    assert "govuk-summary-list" in _classes(facts)
    assert facts.xpath("./div[contains(@class, 'govuk-summary-list__row')]")
    assert not facts.xpath(".//*[contains(@class, 'govuk-summary-list__actions')]")
    # No actions column at all, so no row needs to say it has none.
    assert not facts.xpath(".//*[contains(@class, 'govuk-summary-list__row--no-actions')]")
    assert not _edit_button(html) and not _archive_button(html)  # they could not use them


def test_restricted_evidence_names_no_restricted_fact_in_a_change_link(app, make, client_as):
    """A Change link's words are the fact's name, never its value: restricted evidence's
    attribution stays in the value column, shown only to a cleared user (an uncleared one
    finds no such page at all)."""
    [evidence] = [e for e in ENTITIES if e.name == "evidence"]
    row = make.evidence(
        sensitivity=m.Sensitivity.RESTRICTED, attribution="Detective Jo Bloggs", text="Secret."
    )
    url = _url(app, evidence, row, "detail")
    assert client_as("editor").get(url).status_code == 404
    html = client_as("editor", clearance=True).get(url).get_data(as_text=True)
    links = _change_links(_facts(html))
    assert [text for _, text, _ in links] == [
        "Change kind",
        "Change sensitivity",
        "Change date",
        "Change attribution",
    ]
    assert all("Bloggs" not in href for _, _, href in links)
