"""A refused form opens with GOV.UK's error summary: each message names its field and links to
it, and the field itself carries the message (docs/frontend.md, "Forms")."""

from __future__ import annotations

import lxml.html


def test_the_error_summary_names_and_links_every_refused_field(client):
    refused = client.post("/statistics/new", data={"label": "", "value": ""})
    assert refused.status_code == 422
    page = lxml.html.fromstring(refused.get_data(as_text=True))
    [summary] = page.xpath("//div[contains(concat(' ', @class, ' '), ' govuk-error-summary ')]")
    links = {a.get("href"): a.text_content().strip() for a in summary.xpath(".//li/a")}
    assert links["#label"] == "Label: This field is required."
    assert links["#value"].startswith("Value: ")
    for href in links:
        field = page.get_element_by_id(href[1:])  # each link lands on its field
        assert href[1:] + "-error" in field.get("aria-describedby", "")
