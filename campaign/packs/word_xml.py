"""WordprocessingML pieces python-docx has no API for: safe text, hyperlinks, fields,
bookmarks, endnote references and repeating table header rows.

Everything is built as ECMA-376 elements in schema order (Word "repairs" a file whose
elements are out of order). Text always goes in as text: lxml escapes it, and `clean` first
removes the characters XML 1.0 forbids, so no input can break the file.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# XML 1.0 allows tab, newline and carriage return, but no other C0 control character, no lone
# surrogate and not U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters kept as they are in a relationship's target; the rest are percent-encoded so the
# target is a valid URI (Word refuses a file whose hyperlink target has a space in it).
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

CONFIDENTIAL_RED = RGBColor(0xC0, 0x00, 0x00)
# Styles are set by id (styles.xml's w:styleId): python-docx's lookup by name scans every
# style each time, which took most of the render time.
NOTE_TEXT = "EndnoteText"
NOTE_REFERENCE = "EndnoteReference"
HYPERLINK = "Hyperlink"


def clean(text: object) -> str:
    """Text with the characters XML 1.0 forbids removed."""
    return _FORBIDDEN.sub("", str(text or ""))


def one_line(text: object) -> str:
    """Text on one line: runs of whitespace (line breaks included) become one space."""
    return " ".join(clean(text).split())


def link_target(url: str | None) -> str | None:
    """The URL as a hyperlink target, or None when it must not be a link (only http, https
    and mailto are; javascript:, data: and relative URLs stay plain text)."""
    url = one_line(url)
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _LINK_SCHEMES:
        return None
    return quote(url, safe=_URL_SAFE)


def add_run(
    paragraph: Paragraph,
    text: object,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    style: str | None = None,
    mono: bool = False,
) -> Run:
    """A run of text in the character style with id `style`. Line breaks and tabs in `text`
    become Word breaks and tabs."""
    run = paragraph.add_run(clean(text))
    if style:
        run._r.get_or_add_rPr().style = style
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if mono:
        run.font.name = "Courier New"
    return run


def add_label(paragraph: Paragraph, text: str) -> Run:
    """A bold red label such as CONFIDENTIAL (red alone would not be enough: it is a word)."""
    run = add_run(paragraph, text, bold=True)
    run.font.color.rgb = CONFIDENTIAL_RED
    return run


def add_hyperlink(
    paragraph: Paragraph,
    url: str | None,
    text: object = None,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    """`text` (the URL itself by default) linked to `url`; plain text when the URL is not an
    http(s) or mailto link."""
    link = open_hyperlink(paragraph, url)
    style = HYPERLINK if link is not None else None
    run = add_run(paragraph, url if text is None else text, bold=bold, italic=italic, style=style)
    if link is not None:
        link.append(run._r)  # moves the run from the paragraph into the link


def open_hyperlink(paragraph: Paragraph, url: str | None):
    """An empty `w:hyperlink` to `url` at the end of `paragraph` (the caller moves runs into
    it), or None when the URL is not an http(s) or mailto link. The relationship belongs to
    the paragraph's part: the document body, a header or the endnotes."""
    target = link_target(url)
    if target is None:
        return None
    r_id = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
    # A SubElement takes its namespace prefixes from the tree: r:id, not a fresh ns0:id.
    link = etree.SubElement(paragraph._p, qn("w:hyperlink"), {qn("r:id"): r_id})
    link.set(qn("w:history"), "1")
    return link


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES …) with `placeholder` as its last calculated result."""
    begin_field(paragraph, instruction)
    if placeholder:
        add_run(paragraph, placeholder)
    end_field(paragraph)


def begin_field(paragraph: Paragraph, instruction: str) -> None:
    """The start of a field: begin, instruction, separate. Its result follows, then
    `end_field` (possibly in a later paragraph, as for a table of contents)."""
    _field_char(paragraph, "begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    run._r.append(instr)
    _field_char(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def add_bookmark(paragraph: Paragraph, bookmark_id: int, name: str) -> None:
    """A bookmark around the paragraph's content (a target for internal links)."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)})
    p = paragraph._p
    p_pr = p.pPr
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def add_internal_link(paragraph: Paragraph, anchor: str, text: str) -> None:
    """`text` linked to a bookmark in the same document."""
    link = OxmlElement("w:hyperlink", {qn("w:anchor"): anchor, qn("w:history"): "1"})
    link.append(add_run(paragraph, text)._r)
    paragraph._p.append(link)


def add_note_reference(paragraph: Paragraph, note_id: int) -> None:
    """A run holding `<w:endnoteReference w:id="N"/>`, styled as an endnote reference."""
    run = paragraph.add_run()
    run._r.get_or_add_rPr().style = NOTE_REFERENCE
    run._r.append(OxmlElement("w:endnoteReference", {qn("w:id"): str(note_id)}))


def set_style(paragraph: Paragraph, style: str | None) -> Paragraph:
    """Give `paragraph` the paragraph style with id `style`."""
    if style:
        paragraph._p.get_or_add_pPr().style = style
    return paragraph


def add_page_break(paragraph: Paragraph) -> None:
    paragraph.add_run()._r.append(OxmlElement("w:br", {qn("w:type"): "page"}))


def repeat_header_row(row) -> None:
    """Mark a table row as a header row, repeated at the top of every page the table is on."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def keep_row_together(row) -> None:
    """A row that does not break across pages (Word still breaks one taller than a page)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True
