"""The briefing pack as PDF: read back with pypdf (text, link annotations, named destinations,
resources and metadata). Each seed pack is rendered once for the module (~2 s each)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from campaign.models import PackClassification, PackSection
from campaign.packs.html import contents
from campaign.packs.parts import COMPOSITE_NOTICE
from campaign.packs.pdf import render_pdf
from tests.packs.test_html import (
    CHART_TITLE,
    OPTIONS,
    RESTRICTED_ATTRIBUTION,
    RESTRICTED_TEXT,
    with_chart,
)

A4_HEIGHT = 841.89  # points
TOP_MARGIN = 22 / 25.4 * 72  # 22 mm


def words(value: str) -> str:
    """Text as one line: a break after a hyphen joins (end-to-\\nend), other breaks are spaces."""
    return " ".join(re.sub(r"(?<=\w-)\n", "", value).split())


class Pdf:
    def __init__(self, data: bytes):
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [words(page.extract_text()) for page in self.reader.pages]
        self.text = " ".join(self.pages)
        self.destinations = {
            name: (self.reader.get_destination_page_number(dest), dest)
            for name, dest in self.reader.named_destinations.items()
        }

    def links(self):
        """(page index, destination name, rect) for every internal link."""
        for index, page in enumerate(self.reader.pages):
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                    yield index, str(annotation["/Dest"]), annotation["/Rect"]

    def page_of(self, name: str) -> int:
        return self.destinations[name][0]


def _resources(obj, seen=None):
    """Every resource dictionary of a page and of the forms drawn on it (SVG charts)."""
    seen = seen if seen is not None else set()
    resources = obj.get("/Resources")
    if resources is None:
        return
    resources = resources.get_object()
    yield resources
    for xobject in (resources.get("/XObject") or {}).values():
        ref = (xobject.idnum, xobject.generation) if hasattr(xobject, "idnum") else None
        if ref in seen:
            continue
        seen.add(ref)
        yield from _resources(xobject.get_object(), seen)


@pytest.fixture(scope="module")
def render(seed_app):
    def render(content) -> bytes:
        with seed_app.app_context():
            return render_pdf(content)

    return render


@pytest.fixture(scope="module")
def internal(seed_pack):
    return with_chart(seed_pack(classification=PackClassification.INTERNAL, **OPTIONS))


@pytest.fixture(scope="module")
def internal_pdf(render, internal) -> Pdf:
    return Pdf(render(internal))


@pytest.fixture(scope="module")
def external_pdf(render, seed_pack) -> Pdf:
    return Pdf(render(seed_pack(classification=PackClassification.EXTERNAL, **OPTIONS)))


def test_internal_appears_on_every_page_of_an_internal_pack(internal_pdf):
    assert len(internal_pdf.pages) > 10
    for number, page in enumerate(internal_pdf.pages, start=1):
        assert "INTERNAL" in page, f"page {number}"


def test_external_pages_say_public_briefing_and_never_internal(external_pdf):
    assert all("PUBLIC BRIEFING" in page for page in external_pdf.pages)
    assert "INTERNAL" not in external_pdf.text
    assert "External: public material" in external_pdf.pages[0]


def test_footer_numbers_every_page_but_the_cover(internal_pdf):
    total = len(internal_pdf.pages)
    assert "Page 1 of" not in internal_pdf.pages[0]
    for number, page in enumerate(internal_pdf.pages[1:], start=2):
        assert f"Page {number} of {total}" in page


def test_cover_page(internal_pdf):
    cover = internal_pdf.pages[0]
    for expected in (
        "Briefing for the meeting with Ofcom",
        "Briefing for Ofcom",
        "3 December 2026",
        "Policy and Public Affairs team",
        "Generated 24 November 2026 from Campaign",
    ):
        assert expected in cover


def test_contents_print_the_page_each_section_starts_on(internal, internal_pdf):
    page = next(p for p in internal_pdf.pages if "Contents Our asks " in p)
    entries = contents(internal)
    printed = re.findall(
        "".join(rf"{re.escape(words(heading))} (\d+) " for _, heading in entries), page + " "
    )
    expected = tuple(str(internal_pdf.page_of(anchor) + 1) for anchor, _ in entries)
    assert printed == [expected]


def test_each_ask_chapter_starts_at_the_top_of_a_new_page(internal, internal_pdf):
    pages = set()
    for ask in internal.asks:
        index, destination = internal_pdf.destinations[f"pack-ask-{ask.number}"]
        assert destination.top == pytest.approx(A4_HEIGHT - TOP_MARGIN, abs=1)
        assert f"{ask.heading[:40]}" in internal_pdf.pages[index]
        pages.add(index)
    assert len(pages) == len(internal.asks)


def test_every_figure_is_printed_and_its_note_link_resolves_to_its_source(internal, internal_pdf):
    links = list(internal_pdf.links())
    for figure in internal.figures():
        assert figure.display in internal_pdf.text and figure.label in internal_pdf.text
        anchor = figure.note.anchor
        linked_from = [page for page, name, _ in links if name == anchor]
        assert linked_from, anchor
        assert any(figure.display in internal_pdf.pages[p] for p in linked_from)
        note_page = internal_pdf.pages[internal_pdf.page_of(anchor)]
        assert words(figure.note.subject) in note_page
        assert words(figure.note.source_title) in note_page


def test_every_internal_link_lands_on_an_existing_destination(internal_pdf):
    links = list(internal_pdf.links())
    assert len({name for _, name, _ in links if name.startswith("note-")}) >= 50
    for _, name, rect in links:
        page, _ = internal_pdf.destinations[name]
        assert 0 <= page < len(internal_pdf.pages)
        assert abs(float(rect[3]) - float(rect[1])) > 1  # a clickable area, not a line


def test_restricted_evidence_only_in_the_internal_pack(internal_pdf, external_pdf):
    assert RESTRICTED_TEXT not in external_pdf.text
    assert RESTRICTED_ATTRIBUTION not in external_pdf.text
    assert "CONFIDENTIAL" not in external_pdf.text
    pages = [p for p in internal_pdf.pages if RESTRICTED_TEXT in p]
    assert len(pages) == 2  # the case study serves two asks
    for page in pages:
        assert "CONFIDENTIAL" in page
        assert COMPOSITE_NOTICE in page
        assert RESTRICTED_ATTRIBUTION in page


def test_charts_are_vector_graphics_and_fonts_are_dejavu(internal_pdf):
    page = next(i for i, p in enumerate(internal_pdf.pages) if CHART_TITLE in p)
    forms = [
        xobject.get_object()["/Subtype"]
        for resources in _resources(internal_pdf.reader.pages[page])
        for xobject in (resources.get("/XObject") or {}).values()
    ]
    assert "/Form" in forms  # the SVG, drawn as vector paths
    fonts = set()
    for pdf_page in internal_pdf.reader.pages:
        for resources in _resources(pdf_page):
            xobjects = (resources.get("/XObject") or {}).values()
            assert all(x.get_object()["/Subtype"] != "/Image" for x in xobjects)
            fonts |= {f.get_object()["/BaseFont"] for f in (resources.get("/Font") or {}).values()}
    assert fonts and all("DejaVu" in font for font in fonts)


def test_metadata_dates_come_from_the_content(internal_pdf):
    info = internal_pdf.reader.metadata
    assert info.title == "Briefing for the meeting with Ofcom"
    assert info.creation_date == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert info.modification_date == info.creation_date


def test_same_content_gives_the_same_bytes(render, seed_pack):
    content = with_chart(
        seed_pack(
            classification=PackClassification.INTERNAL,
            ask_slugs=("ofcom-strengthen-illegal-harms-codes",),
        )
    )
    first = render(content)
    assert first.startswith(b"%PDF-")
    assert render(content) == first


def test_sections_left_out_are_absent(render, seed_pack):
    pdf = Pdf(render(seed_pack(sections=(PackSection.SUMMARY, PackSection.CONTACTS))))
    assert "Our asks" in pdf.text and "Contacts and next steps" in pdf.text
    for gone in ("Key statistics", "Evidence", "Upcoming milestones", "Notes and sources"):
        assert gone not in pdf.text
    assert not [name for name in pdf.destinations if name.startswith(("note-", "pack-ask-"))]
