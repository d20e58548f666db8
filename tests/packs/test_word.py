"""The briefing pack as a Word document, read back from the file: styles, endnotes, headers,
the external/internal rules, charts, Markdown, escaping and reproducible bytes."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from campaign.models import PackClassification, PackSection, StatisticUnit
from campaign.packs.parts import COMPOSITE_NOTICE, ChartPoint, PackChart, PackContent
from campaign.packs.word import render_docx
from tests.packs.conftest import PACK_NOW

INTERNAL = PackClassification.INTERNAL
EXTERNAL = PackClassification.EXTERNAL
RESTRICTED_KEY = "childline-girl-14-snapchat"
RESTRICTED_TEXT = "One night I got chatting"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
NEXT_STEPS = """Send the **data pack** to *Ofcom* by Friday.

1. Agree the letter
2. Book the follow-up

- Share with <em>the board</em>

3. Review in January

See [the codes](https://www.ofcom.org.uk/codes) and [this](javascript:alert(1)).
"""


@dataclass
class Rendered:
    """A rendered pack and ways to read it back."""

    content: PackContent
    data: bytes

    @cached_property
    def doc(self):
        return docx.Document(io.BytesIO(self.data))

    @cached_property
    def endnotes_part(self):
        return self.doc.part.part_related_by(RT.ENDNOTES)

    @cached_property
    def endnotes(self) -> dict[int, etree._Element]:
        root = etree.fromstring(self.endnotes_part.blob)
        return {int(e.get(qn("w:id"))): e for e in root.iter(qn("w:endnote"))}

    def endnote_text(self, number: int) -> str:
        return "".join(t.text or "" for t in self.endnotes[number].iter(qn("w:t")))

    @cached_property
    def reference_ids(self) -> list[int]:
        """The endnote references in the body, in document order."""
        body = self.doc.element.body
        return [int(r.get(qn("w:id"))) for r in body.iter(qn("w:endnoteReference"))]

    @cached_property
    def all_xml(self) -> str:
        """Every XML part of the package (document, headers, endnotes, rels …) as text."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as package:
            return "\n".join(
                package.read(name).decode("utf-8")
                for name in package.namelist()
                if name.endswith((".xml", ".rels"))
            )

    def headings(self, *levels: int) -> list[tuple[int, str]]:
        names = {f"Heading {n}": n for n in levels}
        return [(names[p.style.name], p.text) for p in self.doc.paragraphs if p.style.name in names]

    def texts(self) -> list[str]:
        body = [p.text for p in self.doc.paragraphs]
        cells = [c.text for t in self.doc.tables for row in t.rows for c in row.cells]
        return body + cells


def render(content: PackContent) -> Rendered:
    return Rendered(content, render_docx(content))


@pytest.fixture(scope="module")
def internal(seed_pack) -> Rendered:
    return render(
        seed_pack(
            classification=INTERNAL,
            audience="Ofcom",
            meeting_date=date(2026, 12, 3),
            made_by="Policy team",
            next_steps=NEXT_STEPS,
        )
    )


@pytest.fixture(scope="module")
def external(seed_pack) -> Rendered:
    return render(seed_pack(classification=EXTERNAL, audience="Ofcom"))


def test_cover_uses_the_title_style_and_says_who_and_when(internal):
    paragraphs = internal.doc.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == internal.content.title
    cover = [p.text for p in paragraphs[:9]]
    assert "Briefing for Ofcom" in cover
    assert "Meeting: 3 December 2026" in cover
    assert "Classification: INTERNAL" in cover
    assert "Prepared by: Policy team" in cover
    assert "Generated: 24 November 2026" in cover


def test_headings_are_word_headings_in_reading_order(internal):
    content = internal.content
    expected = [(1, "Our asks")] + [(2, ask.heading) for ask in content.asks]
    for ask in content.asks:
        expected.append((1, ask.heading))
        expected += [(2, "Key statistics")] if ask.figures else []
        expected += [(2, "Charts")] if ask.charts else []
        expected += [(2, "Evidence")] if ask.evidence else []
        expected.append((2, "Positions and responses"))
    expected += [
        (1, "Upcoming milestones"),
        (1, "Contacts and next steps"),
        (2, "Next steps"),
        (1, "Notes and sources"),
    ]
    assert internal.headings(1, 2) == expected


def test_contents_is_a_toc_field_word_refreshes_on_opening(internal):
    body = internal.doc.element.body
    instructions = [i.text for i in body.iter(qn("w:instrText"))]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    settings = internal.doc.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    # Until Word refreshes it, the field's result lists the headings.
    toc_entries = [p.text for p in internal.doc.paragraphs if p.style.name.startswith("toc")]
    assert toc_entries == [text for _, text in internal.headings(1, 2)]


def test_every_figure_is_in_a_table_with_its_own_endnote_citing_its_source(internal):
    cells_by_note = {}
    for table in internal.doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for ref in cell._tc.iter(qn("w:endnoteReference")):
                    cells_by_note[int(ref.get(qn("w:id")))] = cell
    figures = internal.content.figures()
    assert len(figures) == 36
    for figure in figures:
        cell = cells_by_note[figure.note.number]
        assert cell.paragraphs[0].text == figure.display
        assert figure.note.source_title  # every seed figure has a source
        assert figure.note.source_title in internal.endnote_text(figure.note.number)
    table = next(t for t in internal.doc.tables if t.rows[0].cells[0].text == "Figure")
    assert [c.text for c in table.rows[0].cells] == ["Figure", "What", "Period", "Geography"]


def test_derived_figures_show_the_published_wording_and_the_arithmetic(internal):
    rise = next(f for f in internal.content.figures() if f.key.startswith("offences-rise"))
    what = next(text for text in internal.texts() if text.startswith(rise.label))
    assert f"As published: {rise.published_wording}" in what
    assert "Basis: " in what and "31,892" in what and "25,582" in what


def test_each_note_is_one_endnote_referenced_once_in_numeric_order(internal):
    numbers = [note.number for note in internal.content.notes]
    assert numbers == list(range(1, len(numbers) + 1))
    assert internal.reference_ids == numbers  # so Word's own numbering equals the notes'
    assert sorted(internal.endnotes) == [-1, 0, *numbers]
    assert internal.endnotes[-1].get(qn("w:type")) == "separator"
    assert internal.endnotes[0].get(qn("w:type")) == "continuationSeparator"
    for note in internal.content.notes:
        assert internal.endnote_text(note.number) == " " + note.text()
        marks = list(internal.endnotes[note.number].iter(qn("w:endnoteRef")))
        assert len(marks) == 1


def test_endnotes_are_numbered_in_decimal_with_their_own_styles(internal):
    settings = internal.doc.settings.element
    endnote_pr = settings.find(qn("w:endnotePr"))
    assert endnote_pr.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert [e.get(qn("w:id")) for e in endnote_pr.findall(qn("w:endnote"))] == ["-1", "0"]
    sect_pr = internal.doc.sections[0]._sectPr
    order = [etree.QName(child).localname for child in sect_pr]
    assert order.index("footerReference") < order.index("endnotePr") < order.index("pgSz")
    reference = internal.doc.styles["endnote reference"]
    assert reference.font.superscript is True
    assert internal.doc.styles["endnote text"].type == 1  # a paragraph style
    body = internal.doc.element.body
    ref = next(body.iter(qn("w:endnoteReference")))
    assert ref.getparent().find(qn("w:rPr"))[0].tag == qn("w:rStyle")


def test_the_package_declares_and_relates_the_endnotes_part(internal):
    with zipfile.ZipFile(io.BytesIO(internal.data)) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        rels = package.read("word/_rels/document.xml.rels").decode()
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/endnotes.xml"] == ENDNOTES_TYPE
    assert f'Type="{RT.ENDNOTES}" Target="endnotes.xml"' in rels


def test_note_urls_and_contact_emails_are_real_hyperlinks(seed_pack):
    content = seed_pack(classification=INTERNAL)
    url = "https://www.nspcc.org.uk/about-us/news-opinion/2024/child-abuse-image-crimes/"
    first = content.asks[0].figures[0]
    note = dataclasses.replace(first.note, url=url)
    content.asks[0].figures[0] = dataclasses.replace(first, note=note)
    content.notes[0] = note
    bad = dataclasses.replace(content.notes[1], url="javascript:alert(1)")
    content.asks[0].figures[1] = dataclasses.replace(content.asks[0].figures[1], note=bad)
    content.notes[1] = bad
    content.contacts[0] = dataclasses.replace(content.contacts[0], email="policy@example.org")
    rendered = render(content)

    links = list(rendered.endnotes[1].iter(qn("w:hyperlink")))
    assert len(links) == 1
    rel = rendered.endnotes_part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == url
    assert "".join(t.text for t in links[0].iter(qn("w:t"))) == url
    assert url in rendered.endnote_text(1)
    # A javascript: URL stays text, never a link.
    assert not list(rendered.endnotes[2].iter(qn("w:hyperlink")))
    assert "javascript:alert(1)" in rendered.endnote_text(2)
    targets = [r.target_ref for r in rendered.doc.part.rels.values() if r.is_external]
    assert "mailto:policy@example.org" in targets
    assert not any(t.startswith("javascript") for t in targets)


def test_every_page_header_carries_the_marking_and_the_title(internal, external):
    for rendered, marking in ((internal, "INTERNAL"), (external, "PUBLIC BRIEFING")):
        for section in rendered.doc.sections:
            assert not section.different_first_page_header_footer  # cover page included
            header = section.header
            assert not header.is_linked_to_previous
            assert header.paragraphs[0].text == f"{marking}\t{rendered.content.title}"
            assert header.paragraphs[0].runs[0].bold
            footer = section.footer._element
            fields = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
            assert fields == ["PAGE", "NUMPAGES"]
            assert section.footer.paragraphs[0].text.startswith("Page ")


def test_an_external_pack_has_no_restricted_evidence_anywhere_in_the_file(external, internal):
    assert RESTRICTED_TEXT not in external.all_xml
    restricted = next(
        e for a in internal.content.asks for e in a.evidence if e.key == RESTRICTED_KEY
    )
    assert restricted.title not in external.all_xml
    assert "Team note" not in external.all_xml
    assert "CONFIDENTIAL" not in external.all_xml


def test_an_internal_pack_shows_restricted_evidence_marked_confidential(internal):
    restricted = next(
        e for a in internal.content.asks for e in a.evidence if e.key == RESTRICTED_KEY
    )
    paragraphs = internal.doc.paragraphs
    titles = [p for p in paragraphs if p.text == f"CONFIDENTIAL {restricted.title}"]
    assert len(titles) == 2  # the item serves two asks
    label = titles[0].runs[0]
    assert label.text == "CONFIDENTIAL" and label.bold
    assert str(label.font.color.rgb) == "C00000"
    assert any(p.text.startswith(RESTRICTED_TEXT) for p in paragraphs)
    assert COMPOSITE_NOTICE in [p.text for p in paragraphs]
    assert any(p.text.startswith("Team note: ") for p in paragraphs)


def test_tables_use_a_built_in_style_and_repeat_their_header_rows(internal):
    tables = internal.doc.tables
    assert len(tables) >= 10
    for table in tables:
        assert table.style.name == "Light Grid Accent 1"
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:  # a row stays on one page
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    headers = {tuple(c.text for c in t.rows[0].cells) for t in tables}
    assert ("When", "What", "Who", "For asks") in headers
    assert ("Organisation", "Position", "As of", "Based on") in headers
    assert ("Date", "Organisation", "Response", "Position", "What it said") in headers
    assert ("Name", "E-mail", "Role") in headers
    milestones = next(t for t in tables if t.rows[0].cells[0].text == "When")
    whats = [row.cells[1].text for row in milestones.rows[1:]]
    assert any("Final statements on categorised-service duties" in w for w in whats)


def test_normal_text_is_arial_and_no_style_uses_a_theme_font(internal):
    styles = internal.doc.styles
    assert styles["Normal"].font.name == "Arial"
    assert styles["Normal"].font.size.pt == 11
    assert "asciiTheme" not in etree.tostring(styles.element).decode()
    section = internal.doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_next_steps_markdown_becomes_word_formatting_lists_and_safe_links(internal):
    paragraphs = internal.doc.paragraphs
    start = 1 + next(
        i for i, p in enumerate(paragraphs) if (p.style.name, p.text) == ("Heading 2", "Next steps")
    )
    steps = paragraphs[start : start + 6]
    intro = steps[0]
    assert intro.text == "Send the data pack to Ofcom by Friday."
    assert [r.text for r in intro.runs if r.bold] == ["data pack"]
    assert [r.text for r in intro.runs if r.italic] == ["Ofcom"]
    assert [(p.style.name, p.text) for p in steps[1:5]] == [
        ("List Number", "Agree the letter"),
        ("List Number", "Book the follow-up"),
        ("List Bullet", "Share with <em>the board</em>"),  # raw HTML stays text
        ("List Number", "Review in January"),
    ]
    # Each numbered list has its own numbering, restarting at the list's own start.
    numbering = internal.doc.part.numbering_part.element
    num_ids = [p._p.pPr.numPr.numId.val for p in (steps[1], steps[2], steps[4])]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    starts = [
        numbering.num_having_numId(n).find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        for n in (num_ids[0], num_ids[2])
    ]
    assert [s.get(qn("w:val")) for s in starts] == ["1", "3"]
    links = steps[5]._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    assert internal.doc.part.rels[links[0].get(qn("r:id"))].target_ref == (
        "https://www.ofcom.org.uk/codes"
    )
    assert "javascript" not in "".join(
        r.target_ref for r in internal.doc.part.rels.values() if r.is_external
    )


def _chart_for(content: PackContent) -> PackChart:
    figures = content.asks[0].figures[3:6]
    return PackChart(
        "Recorded offences in comparable forces",
        StatisticUnit.COUNT,
        tuple(ChartPoint(f.period, f.value, f.display, f.key) for f in figures),
        tuple(f.note.number for f in figures),
    )


def test_charts_are_pictures_with_alt_text_a_caption_and_a_data_table(seed_pack):
    content = seed_pack(classification=INTERNAL)
    seed_charts = sum(len(ask.charts) for ask in content.asks)
    chart = _chart_for(content)
    content.asks[0].charts.insert(0, chart)
    rendered = render(content)

    shapes = rendered.doc.inline_shapes
    assert len(shapes) == seed_charts + 1
    assert abs(shapes[0].width.cm - 16) < 0.01
    doc_pr = shapes[0]._inline.docPr
    assert doc_pr.get("descr") == chart.alt
    blip = shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    assert rendered.doc.part.related_parts[blip.embed].blob.startswith(b"\x89PNG")
    captions = [p.text for p in rendered.doc.paragraphs if p.style.name == "Caption"]
    assert captions[0] == f"{chart.title}. Sources: notes 4–6."  # already referenced above
    assert rendered.reference_ids == [n.number for n in content.notes]
    data = next(t for t in rendered.doc.tables if t.rows[0].cells[0].text == "Label")
    assert [(r.cells[0].text, r.cells[1].text) for r in data.rows[1:]] == [
        (p.label, p.display) for p in chart.points
    ]


def test_a_chart_without_the_statistics_section_gets_the_endnote_references(seed_pack):
    with_figures = seed_pack(classification=INTERNAL)
    chart = _chart_for(with_figures)
    notes = [n for n in with_figures.notes if n.number in chart.note_numbers]
    notes = [dataclasses.replace(n, number=i) for i, n in enumerate(notes, 1)]
    content = seed_pack(classification=INTERNAL, sections=(PackSection.CHARTS,))
    content.asks[0].charts = [dataclasses.replace(chart, note_numbers=(1, 2, 3))]
    content.notes = notes
    rendered = render(content)

    caption = next(p for p in rendered.doc.paragraphs if p.style.name == "Caption")
    refs = [int(r.get(qn("w:id"))) for r in caption._p.iter(qn("w:endnoteReference"))]
    assert refs == [1, 2, 3]
    assert rendered.reference_ids == [1, 2, 3]
    assert notes[0].source_title in rendered.endnote_text(1)


def test_text_goes_in_as_text_and_odd_characters_cannot_break_the_file(seed_pack):
    content = seed_pack(classification=INTERNAL)
    payload = "<script>alert(1)</script>"
    ask = content.asks[0]
    ask.title = f"{payload} & \x00\x07\x1b\ufffe odd"
    ask.summary = f"Raw {payload} and <b>bold?</b> and [x](javascript:alert(1))"
    item = ask.evidence[0]
    ask.evidence[0] = dataclasses.replace(item, title=payload, text=f"{payload}\x0c\n\nSecond")
    content.options = dataclasses.replace(
        content.options, title=f"Pack {payload}", next_steps=payload, made_by="A\x01B"
    )
    rendered = render(content)

    assert rendered.headings(1)[1] == (1, f"Ask 1: {payload} &  odd")
    texts = rendered.texts()
    assert f"Raw {payload} and <b>bold?</b> and [x](javascript:alert(1))" in texts
    assert payload in texts and "Second" in texts
    assert rendered.doc.sections[0].header.paragraphs[0].text.endswith(f"Pack {payload}")
    assert "<script" not in rendered.all_xml  # only ever escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.all_xml
    assert rendered.doc.core_properties.author == "AB"


def test_a_summary_only_pack_has_no_chapters_and_no_endnotes(seed_pack):
    rendered = render(seed_pack(sections=(PackSection.SUMMARY,)))
    assert [level for level, _ in rendered.headings(1, 2)].count(1) == 1
    assert rendered.reference_ids == []
    assert sorted(rendered.endnotes) == [-1, 0]


def test_the_same_content_gives_the_same_bytes_with_fixed_dates(internal):
    again = render_docx(internal.content)
    assert again == internal.data
    with zipfile.ZipFile(io.BytesIO(internal.data)) as package:
        stamps = {info.date_time for info in package.infolist()}
        names = package.namelist()
    assert stamps == {(2026, 11, 24, 10, 0, 0)}
    assert "word/endnotes.xml" in names
    props = internal.doc.core_properties
    assert props.title == internal.content.title
    assert props.author == "Policy team"
    assert props.created == props.modified == PACK_NOW
