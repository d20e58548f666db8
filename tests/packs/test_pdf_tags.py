"""The PDF pack is a tagged PDF/UA-1 file: a structure check of the seed pack with pypdf
(pdf_structure.py), standing in for veraPDF, which is not available offline. It checks a
subset of PDF/UA-1's (ISO 14289-1) machine-checkable failure conditions as the Matterhorn
Protocol lists them: the file is marked as tagged and says so in its XMP, it has a language
and a title shown as the window title, headings nest without skipping a level, tables have
header cells with a scope, lists hold list items, figures have alternate text, links belong to
Link elements and say where they lead, and everything painted is either tagged content in the
structure tree or an artifact (the running header and footer are pagination artifacts)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from campaign.models import PackClassification
from campaign.packs.html import contents, render_html
from campaign.packs.pdf import render_pdf
from tests.packs.pdf_structure import Tagged
from tests.packs.test_html import OPTIONS, with_chart


@pytest.fixture(scope="module")
def internal(seed_pack):
    return with_chart(seed_pack(classification=PackClassification.INTERNAL, **OPTIONS))


@pytest.fixture(scope="module")
def rendered(seed_app, internal) -> tuple[bytes, str]:
    with seed_app.app_context():
        return render_pdf(internal), render_html(internal, standalone=True)


@pytest.fixture(scope="module")
def tagged(rendered) -> Tagged:
    return Tagged(PdfReader(io.BytesIO(rendered[0])))


def test_the_pack_declares_itself_a_tagged_pdf_ua_1_file(rendered, tagged, internal):
    data, _ = rendered
    assert data.startswith(b"%PDF-1.7\n")
    catalog = tagged.catalog
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert tagged.root is not None and tagged.root.children[0].role == "Document"
    assert catalog["/Lang"] == "en-GB"  # from <html lang>
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert tagged.reader.metadata.title == internal.title == "Briefing for the meeting with Ofcom"
    assert tagged.xmp_value("dc", "title") == internal.title
    assert tagged.xmp_value("pdfuaid", "part") == "1"


def test_headings_start_at_one_h1_and_never_skip_a_level(tagged, internal):
    headings = [int(e.role[1]) for e in tagged.root.walk() if re.fullmatch(r"H[1-6]", e.role)]
    assert headings[0] == 1 and headings.count(1) == 1  # the pack's title, on the cover
    assert headings.count(2) == 1 + len(contents(internal))  # "Contents", then each section
    assert headings.count(3) and headings.count(4)  # within the sections; evidence titles
    skipped = [(a, b) for a, b in zip(headings, headings[1:], strict=False) if b > a + 1]
    assert not skipped


def test_every_heading_tags_its_text(tagged):
    headings = [e for e in tagged.root.walk() if re.fullmatch(r"H[1-6]", e.role)]
    assert all(any(kid.content for kid in heading.walk()) for heading in headings)


def test_tables_have_header_cells_with_a_scope_and_cells_point_to_their_headers(tagged, rendered):
    _, html = rendered
    tables = tagged.root.all("Table")
    assert len(tables) >= html.count("<table")  # a table split across pages is tagged per page
    scopes = set()
    for table in tables:
        header_cells = table.all("TH")
        assert header_cells, "a table without header cells"
        scopes |= {cell.attributes["/Scope"] for cell in header_cells}
        headers = {cell.identifier for cell in header_cells}
        for cell in table.all("TD"):
            assert cell.attributes["/Headers"], "a data cell with no header"
            assert set(cell.attributes["/Headers"]) <= headers
    assert scopes == {"/Column", "/Row"}  # column heads; a chart's data table heads its rows


def test_charts_are_figures_with_their_alt_text(tagged, internal):
    figures = tagged.root.all("Figure")
    charts = [chart for ask in internal.asks for chart in ask.charts]
    assert charts
    assert [figure.alt for figure in figures] == [chart.alt for chart in charts]
    assert all(figure.content for figure in figures)


def test_lists_are_tagged_as_lists(tagged, rendered):
    _, html = rendered
    items = [item for each in tagged.root.all("L") for item in each.children]
    assert {item.role for item in items} == {"LI"}
    assert len(items) >= html.count("<li") + html.count("<dt")  # + an item split across pages
    assert all(item.all("LBody") for item in items)
    numbered = [item for item in items if item.all("Lbl")]  # the notes' numbers
    assert len(numbered) >= html.count('<li id="note-')


def test_everything_painted_is_tagged_in_the_tree_or_an_artifact(tagged):
    in_tree = {mark for element in tagged.root.walk() for mark in element.content}
    marked = set()
    for index in range(len(tagged.reader.pages)):
        painted, mcids = tagged.page_content(index)
        assert painted
        for item in painted:
            if item.artifact is not None:
                continue
            assert item.mcid is not None, f"page {index + 1}: {item.operator!r} untagged"
            assert (index, item.mcid) in in_tree, f"page {index + 1}: MCID {item.mcid} not in tree"
        marked |= {(index, mcid) for mcid in mcids}
    assert marked == in_tree  # and the tree points at nothing that is not on its page


def test_the_running_header_and_footer_are_pagination_artifacts(tagged):
    for index in range(len(tagged.reader.pages)):
        text = [
            item
            for item in tagged.page_content(index)[0]
            if item.operator in (b"TJ", b"Tj") and item.artifact is not None
        ]
        # The marking and the title above, the marking and "Page N of M" below (the cover has
        # the two markings only), and nothing else: the page's own text stays in the tree.
        assert len(text) == (2 if index == 0 else 4), f"page {index + 1}"
        assert all(item.artifact.properties == {"/Type": "/Pagination"} for item in text)


def test_links_are_tagged_and_described_in_words(tagged, internal):
    links = [link for page in tagged.reader.pages for link in page.get("/Annots", [])]
    words = {str(link.get_object()["/Contents"]) for link in links}
    tagged_links = {n for link in tagged.root.all("Link") for n in link.annotations}
    assert tagged_links == {link.idnum for link in links}  # each link is a Link element's
    notes = {f"Note {note.number}" for note in internal.notes}
    headings = {heading for _, heading in contents(internal)}
    addresses = {word for word in words if word.startswith(("http", "mailto:"))}
    assert notes <= words and headings <= words
    assert words == notes | headings | addresses  # no bare "note-3" or "pack-ask-1"
    nums = tagged.catalog["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parent_of = dict(zip(nums[::2], nums[1::2], strict=True))
    for link in links:
        parent = parent_of[link.get_object()["/StructParent"]].get_object()
        assert parent["/S"] == "/Link" and link.idnum in tagged_links


def test_weasyprint_still_asks_for_the_lighter_user_agent_stylesheet(monkeypatch):
    """`_PackHTML` overrides a method outside WeasyPrint's public API: if an upgrade stops
    calling it, the pack would silently lose that saving."""
    from campaign.packs import pdf

    real, calls = pdf._user_agent_stylesheet, []
    monkeypatch.setattr(pdf, "_user_agent_stylesheet", lambda: calls.append(1) or real())
    data = pdf._PackHTML(string="<ol><li>One</li></ol>").write_pdf()
    assert data.startswith(b"%PDF-") and calls
