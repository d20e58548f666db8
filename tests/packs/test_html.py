"""The briefing pack as HTML: read back from the rendered document (parsed with lxml)."""

from __future__ import annotations

import base64
import dataclasses
import re
from datetime import date

import pytest
from jinja2 import StrictUndefined
from lxml import html as lxml_html

from campaign.models import PackClassification, PackSection, StatisticUnit
from campaign.packs.html import render_html
from campaign.packs.parts import COMPOSITE_NOTICE, ChartPoint, PackChart, PackContact

INTERNAL = PackClassification.INTERNAL
EXTERNAL = PackClassification.EXTERNAL
OPTIONS = {
    "audience": "Ofcom",
    "meeting_date": date(2026, 12, 3),
    "made_by": "Policy and Public Affairs team",
    "next_steps": "1. Send our **consultation response**.\n2. [Bad link](javascript:alert(1))",
}
RESTRICTED_TEXT = "One night I got chatting"
RESTRICTED_ATTRIBUTION = "A 14-year-old girl, Childline"
CHART_TITLE = "Child abuse image offences, comparable forces"
SERIES = ("17,817", "25,582", "31,892")  # ask 1's comparable-forces figures


def with_chart(content):
    """The seed records no chart titles, so give ask 1 a chart over its comparable-forces
    series, citing those figures' notes (as `build_content` does)."""
    ask = content.asks[0]
    figures = [f for f in ask.figures if f.display in SERIES]
    points = tuple(ChartPoint(f.period, f.value, f.display, f.key) for f in figures)
    numbers = tuple(f.note.number for f in figures)
    ask.charts = [PackChart(CHART_TITLE, StatisticUnit.COUNT, points, numbers)]
    return content


def text(element) -> str:
    """An element's words, with a space between elements (table cells, the note markers)."""
    return " ".join(" ".join(element.itertext()).split())


@pytest.fixture(scope="module")
def render(seed_app):
    def render(content, **kwargs) -> str:
        with seed_app.app_context():
            return render_html(content, **kwargs)

    return render


@pytest.fixture(scope="module")
def internal(seed_pack):
    return with_chart(seed_pack(classification=INTERNAL, **OPTIONS))


@pytest.fixture(scope="module")
def external(seed_pack):
    return seed_pack(classification=EXTERNAL, **OPTIONS)


@pytest.fixture(scope="module")
def internal_html(render, internal) -> str:
    return render(internal)


@pytest.fixture(scope="module")
def external_html(render, external) -> str:
    return render(external)


@pytest.fixture(scope="module")
def internal_doc(internal_html):
    return lxml_html.document_fromstring(internal_html)


@pytest.fixture(scope="module")
def external_doc(external_html):
    return lxml_html.document_fromstring(external_html)


def test_standalone_document_is_self_contained(internal_html, internal_doc):
    assert internal_html.lstrip().lower().startswith("<!doctype html>")
    assert internal_doc.get("lang") == "en-GB"
    assert internal_doc.findtext(".//title") == "Briefing for the meeting with Ofcom"
    style = internal_doc.findtext(".//head/style")
    assert "@page" in style and ".pack-contents" in style  # pack.css, embedded
    assert "&gt;" not in style and "@import" not in style
    assert not internal_doc.xpath("//link | //script | //iframe | //object")
    sources = internal_doc.xpath("//@src")
    assert sources and all(s.startswith("data:") for s in sources)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", style)
    assert internal_doc.xpath("//meta[@name='dcterms.created']/@content") == [
        "2026-11-24T10:00:00+00:00"
    ]


def test_fragment_is_one_article_without_styles_or_scripts(render, internal):
    fragment = render(internal, standalone=False)
    root = lxml_html.fragment_fromstring(fragment)  # raises if there is more than one root
    assert root.tag == "article" and "pack" in root.get("class").split()
    assert not root.xpath("//*[@style] | //style | //script | //link")
    assert not re.search(r"\sstyle\s*=|<style|<script", fragment, re.IGNORECASE)
    assert not re.search(r"<(!doctype|html|head|body)\b", fragment, re.IGNORECASE)
    assert len(root.xpath("//table[contains(@class, 'pack-figures')]")) == len(internal.asks)


def test_cover_says_who_it_is_for_and_how_it_is_classified(internal_doc, external_doc):
    cover = text(internal_doc.xpath("//header[@class='pack-cover']")[0])
    assert "Briefing for the meeting with Ofcom" in cover
    assert "Briefing for Ofcom" in cover
    assert "Meeting 3 December 2026" in cover
    assert "Prepared by Policy and Public Affairs team" in cover
    assert "Generated 24 November 2026 from Campaign" in cover
    assert internal_doc.xpath("//p[@class='pack-banner']/text()") == ["INTERNAL"]
    assert external_doc.xpath("//p[@class='pack-banner']/text()") == ["External: public material"]
    article = external_doc.xpath("//article")[0]
    assert article.get("data-marking") == "PUBLIC BRIEFING"
    assert internal_doc.xpath("//article")[0].get("data-marking") == "INTERNAL"


def test_contents_link_to_every_section_in_order(internal, internal_doc):
    links = internal_doc.xpath("//nav[contains(@class, 'pack-contents')]//a")
    headings = [text(a) for a in links]
    assert headings == [
        "Our asks",
        *[ask.heading for ask in internal.asks],
        "Upcoming milestones",
        "Contacts and next steps",
        "Notes and sources",
    ]
    for link in links:
        target = internal_doc.get_element_by_id(link.get("href").removeprefix("#"))
        assert text(target).startswith(text(link).split(":")[0])


def test_every_figure_shows_value_label_and_a_note_citing_its_source(internal, internal_doc):
    figures = internal.figures()
    assert len(figures) == 36
    for figure in figures:
        marker = internal_doc.xpath(
            f"//table[contains(@class, 'pack-figures')]//a[@href='#{figure.note.anchor}']"
        )
        assert len(marker) == 1, figure.key
        row = text(marker[0].xpath("ancestor::tr")[0])
        assert row.startswith(f"{figure.display} {figure.note.number} ")
        assert figure.label in row and figure.geography in row
        note = text(internal_doc.get_element_by_id(figure.note.anchor))
        assert note.startswith(figure.note.subject)
        assert figure.note.source_title in note
    # Every note marker anywhere in the text resolves to a note.
    for href in set(internal_doc.xpath("//a[starts-with(@href, '#note-')]/@href")):
        assert internal_doc.get_element_by_id(href[1:]).tag == "li"
    numbers = [
        int(li.get("value")) for li in internal_doc.xpath("//ol[@class='pack-note-list']/li")
    ]
    assert numbers == [note.number for note in internal.notes]


def test_a_figure_shows_its_published_wording_basis_and_coverage(internal, internal_doc):
    rise = next(f for f in internal.figures() if f.key == "offences-rise-2021-22-to-2022-23")
    row = text(internal_doc.xpath(f"//a[@href='#{rise.note.anchor}']/ancestor::tr")[0])
    assert f"As published: “{rise.published_wording}”" in row
    assert "Basis: (31,892 − 25,582) ÷ 25,582" in row
    assert "Team note: the '25% rise' headline" in row
    note = text(internal_doc.get_element_by_id(rise.note.anchor))
    assert "Coverage: Forces who supplied figures for both years" in note
    assert "Caveats: " in note and "Exact rise 24.7%" in note


def test_external_pack_has_no_restricted_evidence_or_team_notes(external_html, external_doc):
    assert RESTRICTED_TEXT not in external_html
    assert RESTRICTED_ATTRIBUTION not in external_html
    assert "CONFIDENTIAL" not in external_html
    assert "Team note" not in text(external_doc.body)
    assert external_doc.xpath("//div[contains(@class, 'pack-evidence')]")  # public items stay


def test_internal_pack_marks_restricted_composite_evidence(internal_doc):
    item = internal_doc.xpath(
        f"//div[contains(@class, 'pack-evidence')][.//p[starts-with(., '{RESTRICTED_TEXT}')]]"
    )
    assert len(item) == 2  # the case study serves asks 2 and 3
    block = text(item[0])
    assert "pack-evidence-confidential" in item[0].get("class")
    assert "CONFIDENTIAL" in block
    assert COMPOSITE_NOTICE in block
    assert RESTRICTED_ATTRIBUTION in block
    assert "Team note: grooming and threats" in block
    # One paragraph per blank-line-separated block of the text.
    assert len(item[0].xpath(".//blockquote/p")) == 2
    marker = item[0].xpath(".//a[starts-with(@href, '#note-')]/@href")[0]
    assert "Childline" in text(internal_doc.get_element_by_id(marker[1:]))


def test_positions_and_the_response_timeline(internal_doc):
    chapter = internal_doc.get_element_by_id("pack-ask-4")
    rows = [text(tr) for tr in chapter.xpath(".//table[contains(@class, 'pack-positions')]//tr")]
    assert rows[0] == "Organisation Latest position As of Response"
    assert any(r.startswith("Meta target Opposes 7 December 2023 Meta announces") for r in rows)
    timeline = text(chapter.xpath(".//table[contains(@class, 'pack-timeline')]")[0])
    assert "8 May 2026 Instagram Meta ends opt-in encryption" in timeline
    assert "Product change" in timeline and "Team's assessment" in timeline


def test_chart_is_an_svg_data_image_with_its_data_and_sources(internal, internal_doc):
    figure = internal_doc.xpath("//figure[contains(@class, 'pack-chart')]")[0]
    assert text(figure.find("figcaption")) == CHART_TITLE
    image = figure.find("img")
    assert image.get("alt") == internal.asks[0].charts[0].alt
    prefix = "data:image/svg+xml;base64,"
    assert image.get("src").startswith(prefix)
    svg = base64.b64decode(image.get("src").removeprefix(prefix)).decode()
    assert "<svg" in svg and all(value in svg for value in SERIES)
    rows = [text(tr) for tr in figure.xpath(".//tbody/tr")]
    assert rows == ["2017/18 17,817", "2021/22 25,582", "2022/23 31,892"]
    hrefs = figure.xpath(".//p[@class='pack-chart-source']/a/@href")
    assert hrefs == [f"#{f.note.anchor}" for f in internal.asks[0].figures if f.display in SERIES]


def test_milestones_contacts_and_next_steps(render, internal, internal_doc):
    milestones = text(internal_doc.get_element_by_id("pack-milestones"))
    assert "2027 (planned) Final statements on categorised-service duties" in milestones
    note = internal.milestones[0].note
    assert internal_doc.xpath(f"//section[@id='pack-milestones']//a[@href='#{note.anchor}']")
    steps = internal_doc.get_element_by_id("pack-contacts")
    assert steps.xpath(".//strong/text()") == ["consultation response"]
    assert not internal_doc.xpath("//a[starts-with(@href, 'javascript')]")

    contact = PackContact("Ana Reyes", "ana.reyes@example.org", "Lead for ask 1")
    empty = dataclasses.replace(internal, milestones=[], contacts=[contact])
    doc = lxml_html.document_fromstring(render(empty))
    section = text(doc.get_element_by_id("pack-milestones"))
    assert section == "Upcoming milestones No upcoming milestones for these asks."
    assert doc.xpath("//a[@href='mailto:ana.reyes@example.org']/text()") == [
        "ana.reyes@example.org"
    ]
    assert "Ana Reyes ana.reyes@example.org Lead for ask 1" in text(
        doc.get_element_by_id("pack-contacts")
    )


def test_sections_left_out_are_absent(render, seed_pack):
    summary = lxml_html.document_fromstring(render(seed_pack(sections=(PackSection.SUMMARY,))))
    body = text(summary.body)
    assert summary.get_element_by_id("pack-asks") is not None
    for gone in ("Key statistics", "Evidence", "Positions", "Upcoming milestones", "Notes"):
        assert gone not in body
    assert not summary.xpath("//*[starts-with(@id, 'pack-ask-') or starts-with(@id, 'note-')]")

    figures = lxml_html.document_fromstring(render(seed_pack(sections=(PackSection.STATISTICS,))))
    body = text(figures.body)
    assert "Key statistics" in body and "Notes and sources" in body
    for gone in ("Our asks", "Evidence", "Response timeline", "Upcoming milestones", "Contacts"):
        assert gone not in body


def test_html_in_the_data_is_escaped(render, internal):
    attack = "<script>alert(1)</script>"
    first = dataclasses.replace(
        internal.asks[0],
        title=f"Evil {attack}",
        summary=f"{attack}\n\n<img src=x onerror=alert(2)>",
    )
    options = dataclasses.replace(internal.options, title=f"Pack {attack}", audience=attack)
    hostile = dataclasses.replace(internal, asks=[first, *internal.asks[1:]], options=options)
    output = render(hostile)
    doc = lxml_html.document_fromstring(output)
    assert not doc.xpath("//body//script | //img[@onerror] | //*[@onerror]")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert f"Ask 1: Evil {attack}" in text(doc.get_element_by_id("pack-ask-1"))
    assert doc.xpath("//article")[0].get("data-title") == f"Pack {attack}"
    assert doc.findtext(".//title") == f"Pack {attack}"


def test_rendering_is_deterministic(render, internal, internal_html):
    assert render(internal) == internal_html


def test_templates_read_only_attributes_that_exist(seed_app, render, internal, monkeypatch):
    """Jinja prints a missing attribute as nothing: render once with StrictUndefined."""
    monkeypatch.setattr(seed_app.jinja_env, "undefined", StrictUndefined)
    assert render(internal) and render(internal, standalone=False)
