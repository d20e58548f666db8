"""A tagged PDF's structure, read back with pypdf, for the PDF/UA checks in test_pdf_tags.py
(veraPDF is not available offline).

- `Tagged(reader).root`: the structure tree as `Element`s (role, /Alt, /ID, /A attributes,
  children, the marked-content ids they own as (page index, MCID), and their annotations).
- `Tagged(reader).page_content(index)`: what the page's content stream paints, with the
  marked-content sequences around each painting operator (tagged with an MCID, an Artifact,
  or nothing), and the MCIDs marked on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

# Operators that put marks on the page (ISO 32000-1 tables 51, 59, 77, 87, 92).
PAINTING = {
    b"Tj",
    b"TJ",
    b"'",
    b'"',
    b"S",
    b"s",
    b"f",
    b"F",
    b"f*",
    b"B",
    b"B*",
    b"b",
    b"b*",
    b"sh",
    b"Do",
    b"BI",
    b"INLINE IMAGE",
}


@dataclass
class Element:
    role: str
    alt: str | None = None
    identifier: str | None = None  # /ID, which a table cell's /Headers refer to
    attributes: dict = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annotations: list[int] = field(default_factory=list)  # object numbers (a link's area)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, role: str) -> list[Element]:
        return [element for element in self.walk() if element.role == role]


@dataclass
class Mark:
    """A marked-content sequence open around a painting operator."""

    tag: str
    properties: dict


@dataclass
class Painted:
    operator: bytes
    marks: list[Mark]

    @property
    def mcid(self) -> int | None:
        ids = [m.properties["/MCID"] for m in self.marks if "/MCID" in m.properties]
        return ids[-1] if ids else None

    @property
    def artifact(self) -> Mark | None:
        return next((m for m in self.marks if m.tag == "/Artifact"), None)


class Tagged:
    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.catalog = reader.trailer["/Root"]
        self.pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
        tree = self.catalog.get("/StructTreeRoot")
        self.root = self._element(tree.get_object(), None) if tree is not None else None

    def _element(self, node: DictionaryObject, page: int | None) -> Element:
        if "/Pg" in node:
            page = self.pages[node.raw_get("/Pg").idnum]
        attributes: dict = {}
        for owner in _as_list(node.get("/A")):
            attributes.update({k: v for k, v in owner.get_object().items() if k != "/O"})
        element = Element(
            role=str(node.get("/S", "/StructTreeRoot"))[1:],
            alt=str(node["/Alt"]) if "/Alt" in node else None,
            identifier=str(node["/ID"]) if "/ID" in node else None,
            attributes=attributes,
        )
        for kid in _as_list(node.get("/K")):
            if isinstance(kid, int):
                assert page is not None, f"MCID {kid} of {element.role} without a page"
                element.content.append((page, int(kid)))
                continue
            kid = kid.get_object()
            kind = kid.get("/Type")
            if kind == "/MCR":
                mcr_page = self.pages[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page
                element.content.append((mcr_page, int(kid["/MCID"])))
            elif kind == "/OBJR":
                element.annotations.append(kid.raw_get("/Obj").idnum)
            else:
                element.children.append(self._element(kid, page))
        return element

    def page_content(self, index: int) -> tuple[list[Painted], set[int]]:
        """What the page paints, and the MCIDs of all its marked content (some mark an empty
        text run, and paint nothing)."""
        page = self.reader.pages[index]
        operations = ContentStream(page.get_contents(), self.reader).operations
        painted, open_marks, mcids = [], [], set()
        for operands, operator in operations:
            if operator == b"BMC":
                open_marks.append(Mark(str(operands[0]), {}))
            elif operator == b"BDC":
                properties = operands[1]
                if isinstance(properties, IndirectObject):
                    properties = properties.get_object()
                elif not isinstance(properties, dict):  # a name in /Properties
                    properties = page["/Resources"]["/Properties"][properties].get_object()
                open_marks.append(Mark(str(operands[0]), dict(properties)))
                if "/MCID" in properties:
                    mcids.add(int(properties["/MCID"]))
            elif operator == b"EMC":
                open_marks.pop()
            elif operator in PAINTING:
                painted.append(Painted(operator, list(open_marks)))
        assert not open_marks, f"page {index + 1}: marked content left open"
        return painted, mcids

    def xmp(self) -> str:
        metadata = self.catalog.get("/Metadata")
        return metadata.get_object().get_data().decode("utf-8") if metadata else ""

    def xmp_value(self, prefix: str, name: str) -> str | None:
        """An XMP property, as an element or an attribute (`pdfuaid:part`)."""
        xmp = self.xmp()
        found = re.search(rf"<{prefix}:{name}>(.*?)</{prefix}:{name}>", xmp, re.DOTALL) or (
            re.search(rf'{prefix}:{name}="([^"]*)"', xmp)
        )
        return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else None


def _as_list(value) -> list:
    if value is None:
        return []
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, list) else [value]
