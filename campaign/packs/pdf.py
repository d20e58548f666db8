"""A briefing pack as PDF: the standalone HTML laid out by WeasyPrint with pack.css's print rules
(A4, running header with the classification, "Page N of M", a contents page with page numbers).

Accessible: a tagged PDF/UA-1 file (docs/packs.md, "The accessible PDF"). WeasyPrint's
`pdf/ua-1` variant builds the structure tree from the HTML elements (headings, lists, tables
with their header cells, the charts as figures with their alt text, links), marks the file as
tagged, takes the language from `<html lang>` and the title from `<title>` (shown as the window
title), and declares PDF/UA-1 in the XMP metadata. `_finish` adds what WeasyPrint 70 leaves
out: the running header and footer become pagination artifacts (WeasyPrint marks their text
but hangs it on no structure element), a description list's groups no longer sit between the
list and its items, every header cell gets a /Scope, and internal links are described in
words.

Fast: the structure tree costs about 0.3 s on the seed pack, paid for by pausing the garbage
collector while WeasyPrint works, compressing each stream once, a lighter user-agent
stylesheet and pack.css parsed once per process (docs/benchmarks.md).

Deterministic: the same content gives the same bytes. The document's dates come from
`content.generated_at` (the dcterms.created/modified meta elements), the file identifier is a
hash of the content, and nothing is fetched: the CSS is given as a parsed stylesheet and charts
are data URIs, so the fetcher allows `data:` URLs only (a stray http(s) or file: reference is
never followed).
"""

from __future__ import annotations

import functools
import gc
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf  # type: ignore[import-untyped]  # no stubs; WeasyPrint builds its PDF with it
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE
from weasyprint.urls import URLFetcher

from campaign.packs.html import contents, render_html, stylesheet
from campaign.packs.parts import PackContent

VARIANT = "pdf/ua-1"


def render_pdf(content: PackContent) -> bytes:
    """The pack as PDF bytes; needs an app context (templates and the stylesheet)."""
    html = render_html(content, standalone=True, embed_stylesheet=False)
    with _collector_paused():
        document = _PackHTML(
            string=html,
            url_fetcher=URLFetcher(allowed_protocols={"data"}),
            media_type="print",
        )
        return document.write_pdf(
            stylesheets=[_stylesheet(str(stylesheet()))],
            pdf_variant=VARIANT,
            pdf_identifier=True,
            finisher=functools.partial(_finish, links=_link_descriptions(content)),
        )


def _link_descriptions(content: PackContent) -> dict[str, str]:
    """What each internal link leads to, in words, by its target's id: a link annotation's
    /Contents is its alternate description (PDF/UA-1 7.18.5), and WeasyPrint writes the bare
    target there ("note-3")."""
    notes = {note.anchor: f"Note {note.number}" for note in content.notes}
    return notes | dict(contents(content))


@functools.lru_cache(maxsize=4)
def _stylesheet(css: str) -> CSS:
    """pack.css parsed once per process (it changes only with a deploy; keyed by its text) and
    shared by every render, as WeasyPrint shares its own user-agent stylesheet. Given as a
    "user" stylesheet, which the cascade puts below author styles: the pack's HTML has none
    (no <style>, no style attributes), so the result is the same as embedding it."""
    return CSS(string=css, media_type="print")


class _PackHTML(HTML):
    """WeasyPrint's HTML with a lighter user-agent stylesheet: see `_user_agent_stylesheet`."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_user_agent_stylesheet()]


_NOTE_PSEUDO_ELEMENT_RULE = re.compile(r"^::(footnote|note)-[a-z]+ \{[^}]*\}\n", re.MULTILINE)


@functools.cache
def _user_agent_stylesheet() -> CSS:
    """WeasyPrint's own user-agent stylesheet, less the rules that give a pseudo-element to
    every element: `::marker` (kept for list items, the only ones with a marker) and the
    footnote and note pseudo-elements (a pack has no `float: footnote`). WeasyPrint computes a
    style for each of them on each of the ~1,200 elements of the seed pack (7,300 styles for
    nothing). Pack forms never reach a PDF, so the form stylesheet is left out as WeasyPrint
    does by default."""
    css = UA.replace("\n::marker {", "\nli::marker, summary::marker {", 1)
    css = _NOTE_PSEUDO_ELEMENT_RULE.sub("", css)
    if css.count("::marker") != UA.count("::marker") + 1 or "::footnote-call" in css:
        raise RuntimeError("WeasyPrint's user-agent stylesheet changed: review _PackHTML")
    return CSS(string=css, counter_style=UA_COUNTER_STYLE)


class _CollectorPause:
    """Python's cyclic garbage collector off while WeasyPrint works.

    Laying out the seed pack allocates millions of objects, which sets off two or three full
    collections, and each walks every object of the process (the app, SQLAlchemy, matplotlib,
    WeasyPrint: about 380,000 in the benchmark) to find the few cycles a render leaves. The
    collector is process-wide, so renders running at the same time count themselves in, the
    last one out turns it back on (unless it was off before) and collects the youngest
    generation: the objects made since, which is where the renders' own cycles are. Reference
    counting frees everything else as usual meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                last = self._running == 0
                if last and self._was_enabled:
                    gc.enable()
            if last:
                gc.collect(0)


_collector_paused = _CollectorPause()


def _finish(document: Any, pdf: pydyf.PDF, *, links: dict[str, str]) -> None:
    """What the PDF needs after WeasyPrint has built it and before it is written."""
    tree = _StructureTree(pdf)
    tree.lists_of_items_only()
    tree.running_heads_as_artifacts()
    tree.scope_header_cells()
    tree.links_on_link_elements()
    tree.describe_links(links)
    _compress_streams_once(pdf)


class _StructureTree:
    """WeasyPrint's structure tree as pydyf objects (references are b"12 0 R")."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        root = self.object(pdf.catalog["StructTreeRoot"])
        self.parent_tree = self.object(root["ParentTree"])["Nums"]
        self.elements = list(self._walk(root))

    def object(self, reference: bytes) -> Any:
        return self.pdf.objects[int(reference.split()[0])]

    def _walk(self, node: Any) -> Iterator[Any]:
        for kid in node.get("K", ()):
            if isinstance(kid, bytes):
                element = self.object(kid)
                if element.get("Type") == "/StructElem":
                    yield element
                    yield from self._walk(element)

    def lists_of_items_only(self) -> None:
        """A list holds list items (ISO 32000-1 14.8.4.3.3), but WeasyPrint tags a description
        list's groups (`<dl><div><dt>`, the cover's facts and each ask's targets and status)
        as Divs in the list: their items move up into it."""
        for element in self.elements:
            if element["S"] != "/L":
                continue
            kids = pydyf.Array()
            for kid in element["K"]:
                child = self.object(kid) if isinstance(kid, bytes) else None
                if child is not None and child.get("S") == "/Div" and self._items_only(child):
                    for item in child["K"]:
                        self.object(item)["P"] = element.reference
                        kids.append(item)
                else:
                    kids.append(kid)
            element["K"] = kids
        self.elements = list(self._walk(self.object(self.pdf.catalog["StructTreeRoot"])))

    def _items_only(self, element: Any) -> bool:
        return all(
            isinstance(kid, bytes) and self.object(kid).get("S") == "/LI" for kid in element["K"]
        )

    def running_heads_as_artifacts(self) -> None:
        """Text marked on a page whose structure element is not in the tree (the page margin
        boxes: header, footer, page numbers) becomes a pagination artifact, so assistive
        technology skips it instead of meeting it without a place in the reading order. PDF 1.7
        has no artifact element in the tree for it (WeasyPrint's note in pdf/tags.py)."""
        in_tree = {element.reference for element in self.elements}
        for index, page_reference in enumerate(self.pdf.page_references):
            mcids = self.parent_tree[2 * index + 1]
            orphans = {mcid for mcid, ref in enumerate(mcids) if ref not in in_tree}
            if not orphans:
                continue
            for mcid in orphans:
                mcids[mcid] = "null"
            stream = self.object(self.object(page_reference)["Contents"]).stream
            for position, item in enumerate(stream):
                if isinstance(item, pydyf.Dictionary) and item.get("MCID") in orphans:
                    stream[position - 1] = "/Artifact"
                    stream[position] = pydyf.Dictionary({"Type": "/Pagination"})

    def scope_header_cells(self) -> None:
        """/Scope on each TH (ISO 32000-1 14.8.5.7): a header cell in the table's head heads
        its column (`scope="col"` in the pack's HTML), one in the body heads its row (a chart's
        data table, `scope="row"`). WeasyPrint links the cells with /Headers and /ID only."""
        for section in self.elements:
            if section["S"] not in ("/THead", "/TBody", "/TFoot"):
                continue
            scope = "/Column" if section["S"] == "/THead" else "/Row"
            for row in self._children(section, "/TR"):
                for cell in self._children(row, "/TH"):
                    cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))["Scope"] = scope

    def links_on_link_elements(self) -> None:
        """A link annotation belongs to a Link element (PDF/UA-1 7.18.5), but WeasyPrint hangs
        the annotations of boxes inside a link (the contents page's headings, in their table
        cell) on their Span: they move up to the Link, and the parent tree with them."""
        nums = self.parent_tree
        value_of = {nums[i]: i + 1 for i in range(0, len(nums), 2)}  # key -> index of value
        for element in self.elements:
            if element["S"] == "/Link" or (link := self._ancestor(element, "/Link")) is None:
                continue
            for kid in list(element["K"]):
                if isinstance(kid, bytes) and self.object(kid).get("Type") == "/OBJR":
                    element["K"].remove(kid)
                    link["K"].append(kid)
                    annotation = self.object(self.object(kid)["Obj"])
                    nums[value_of[annotation["StructParent"]]] = link.reference

    def _ancestor(self, element: Any, role: str) -> Any:
        while (parent := self.object(element["P"])).get("Type") == "/StructElem":
            if parent["S"] == role:
                return parent
            element = parent
        return None

    def describe_links(self, descriptions: dict[str, str]) -> None:
        """An internal link's /Contents in words ("Note 3", a section's heading) instead of its
        target's id; a link to an address keeps the address."""
        for page_reference in self.pdf.page_references:
            for reference in self.object(page_reference).get("Annots", ()):
                annotation = self.object(reference)
                target = annotation.get("Dest")
                if annotation.get("Subtype") == "/Link" and target is not None:
                    text = descriptions.get(target.string, target.string)
                    annotation["Contents"] = pydyf.String(text)

    def _children(self, element: Any, role: str) -> Iterator[Any]:
        for kid in element["K"]:
            if isinstance(kid, bytes) and (child := self.object(kid)).get("S") == role:
                yield child


def _compress_streams_once(pdf: pydyf.PDF) -> None:
    """Each stream compressed once, at zlib's default level. pydyf compresses a stream each
    time it is serialised, at level 9, and the file identifier (an MD5 of every object)
    serialises the whole file a second time; the file comes out the same size within 1%."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            data = b"\n".join(pydyf._to_bytes(item) for item in obj.stream)  # noqa: SLF001
            obj.stream = [zlib.compress(data)]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False
