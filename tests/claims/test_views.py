"""The Claims page (summary, filters, the table) and the marks on the ask page."""

from __future__ import annotations

import re
from decimal import Decimal

from campaign.models import AskStatistic
from tests.claims.helpers import figures, link
from tests.responses.helpers import page_text


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def test_the_claims_page_summarises_and_lists_every_checked_claim(client, make):
    f = figures(make)
    response = client.get("/claims/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "All 4" in text and "1 inconsistent" in text and "1 unverifiable" in text
    assert "2 consistent" in text and "1 with flags" in text
    table = rows(html)
    assert len(table) == 4
    bad = table[0]  # inconsistent first
    assert f'href="/statistics/{f.rise_bad.id}"' in bad
    assert "<q>a 30% rise</q>" in bad
    assert "24.67%" in bad and "computed; published 30%" in bad
    assert 'class="badge badge-claim-inconsistent">Inconsistent' in bad
    assert "24.7% does not round to 30%" in bad
    assert "Honest wording: a 25% rise" in bad
    assert "badge-claim-unverifiable" in table[1] and "No source:" in table[1]
    assert "Honest wording" not in table[2] + table[3]  # only inconsistent ones get one
    assert "Offences recorded" in table[2] and "33,226" in table[2]
    assert "No claim" not in html  # statistics without a claim or a formula are not listed
    # in the main navigation, marked as the current page
    assert re.search(r'href="/claims/" aria-current="page"><strong[^>]*>Claims</strong></a>', html)


def test_the_filters_narrow_the_table(client, make):
    f = figures(make)
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    link(make, ask, f.rise_ok, f.vague)

    def labels(query: str) -> list[str]:
        response = client.get(f"/claims/?{query}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        if "<tbody>" not in html:
            return []
        return [row.split("</a>")[0].split(">")[-1] for row in rows(html)]

    assert labels("verdict=inconsistent") == ["Rise in offences (overstated)"]
    assert labels("verdict=consistent") == ["Offences recorded", "Rise in offences (honest)"]
    assert labels("flag=no_source") == labels("flag=any") == ["A vague figure"]
    assert labels("flag=stale") == []
    assert labels("ask=strengthen-codes") == ["A vague figure", "Rise in offences (honest)"]
    assert labels("ask=strengthen-codes&verdict=consistent") == ["Rise in offences (honest)"]
    page = client.get("/claims/?ask=strengthen-codes").get_data(as_text=True)
    assert "Claims: Strengthen the codes" in page
    assert '<option value="strengthen-codes" selected>' in page
    assert "All 2" in page_text(client.get("/claims/?ask=strengthen-codes"))
    unknown = client.get("/claims/?ask=no-such-ask")
    assert unknown.status_code == 200
    assert "No ask with the slug “no-such-ask”" in page_text(unknown)
    assert "No claims match." in page_text(unknown)
    assert labels("verdict=nonsense") == []


def test_claim_text_is_escaped(client, make):
    make.statistic(
        key="hostile", label="<b>Hostile</b> label", claim='<script>alert("x")</script> 25%'
    )
    html = client.get("/claims/").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>Hostile" not in html
    assert "&lt;script&gt;alert" in html and "&lt;b&gt;Hostile&lt;/b&gt; label" in html


def test_the_table_pages(make_app, make):
    client = make_app(PER_PAGE=2).test_client()
    figures(make)
    first = client.get("/claims/").get_data(as_text=True)
    second = client.get("/claims/?page=2").get_data(as_text=True)
    assert len(rows(first)) == len(rows(second)) == 2
    assert "Rise in offences (overstated)" in first and "Rise in offences (honest)" in second
    assert "Page 1 of 2" in first


def test_the_ask_page_marks_an_inconsistent_claim_with_its_reason_and_honest_wording(client, make):
    f = figures(make)
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    link(make, ask, f.rise_bad, f.rise_ok, f.vague, f.plain)
    response = client.get("/asks/strengthen-codes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert html.count("Claim inconsistent") == 1
    assert "Claim inconsistent a 30% rise: 24.7% does not round to 30%" in text
    assert "Honest wording: a 25% rise" in text
    assert html.count("Claim checks</span>") == 1  # the honest rise, discreetly
    assert "Claim not verifiable" in text and "No source:" in text  # the vague one's flag
    assert "1 claim inconsistent" in text
    assert 'href="/claims/?ask=strengthen-codes&amp;verdict=inconsistent"' in html


def test_the_ask_page_shows_no_marks_without_claims(client, make):
    ask = make.ask(slug="plain-ask")
    statistic = make.statistic(label="Uncontested figure", value=Decimal(5))
    make.link(AskStatistic(ask_id=ask.id, statistic_id=statistic.id))
    html = client.get("/asks/plain-ask").get_data(as_text=True)
    assert "Uncontested figure" in html
    assert "claim-mark" not in html and "Claim inconsistent" not in html
