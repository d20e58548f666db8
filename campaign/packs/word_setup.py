"""The Word pack's page, styles, settings and package: everything about the file that is not
its text.

python-docx's default template is the starting point. It gets an A4 page, one widely
available font (Arial) in every style, UK English, the built-in styles python-docx's template
lacks (endnote text and reference, hyperlink, TOC levels), decimal endnote numbering and an
instruction to Word to refresh the fields (the table of contents) when the file is opened.
`finish_package` makes the bytes reproducible: fixed core properties and zip timestamps.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from campaign.packs.word_xml import one_line

FONT = "Arial"
TABLE_STYLE = "Light Grid Accent 1"  # a header row, light banding, dark text
TABLE_STYLE_ID = "LightGrid-Accent1"
LANGUAGE = "en-GB"
PAGE_WIDTH = Cm(21.0)  # A4
PAGE_HEIGHT = Cm(29.7)
SIDE_MARGIN = Cm(2.2)
TEXT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN  # 16.6 cm

# Every style the pack sets by id (the template's built-ins, and those added below).
STYLE_IDS = (
    "Title",
    "Subtitle",
    "Heading1",
    "Heading2",
    "Heading3",
    "Caption",
    "Quote",
    "TOCHeading",
    "TOC1",
    "TOC2",
    "ListBullet",
    "ListBullet2",
    "ListBullet3",
    "ListNumber",
    "ListNumber2",
    "ListNumber3",
    "ListContinue",
    "ListContinue2",
    "ListContinue3",
    "EndnoteText",
    "EndnoteReference",
    "Hyperlink",
    TABLE_STYLE_ID,
)

# Sizes in points by style name (the rest keep the template's sizes).
SIZES = {
    "Normal": 11,
    "Title": 28,
    "Subtitle": 14,
    "Heading 1": 16,
    "Heading 2": 13,
    "Heading 3": 11.5,
    "Caption": 9,
    "Header": 9,
    "Footer": 9,
}

# Built-in styles python-docx's template lacks, as Word itself writes them (names in Word's
# internal spelling: Word shows "endnote text" as "Endnote Text").
_MISSING_STYLES = {
    "EndnoteText": f"""
<w:style {nsdecls("w")} w:type="paragraph" w:styleId="EndnoteText">
  <w:name w:val="endnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>
  <w:unhideWhenUsed/>
  <w:pPr><w:spacing w:after="80" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
</w:style>""",
    "EndnoteReference": f"""
<w:style {nsdecls("w")} w:type="character" w:styleId="EndnoteReference">
  <w:name w:val="endnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>
  <w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:rPr><w:vertAlign w:val="superscript"/></w:rPr>
</w:style>""",
    "Hyperlink": f"""
<w:style {nsdecls("w")} w:type="character" w:styleId="Hyperlink">
  <w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>
  <w:uiPriority w:val="99"/><w:unhideWhenUsed/>
  <w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>
</w:style>""",
    "TOC1": f"""
<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC1">
  <w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
  <w:uiPriority w:val="39"/><w:unhideWhenUsed/>
  <w:pPr><w:spacing w:before="120" w:after="60"/></w:pPr>
  <w:rPr><w:b/><w:bCs/></w:rPr>
</w:style>""",
    "TOC2": f"""
<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC2">
  <w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
  <w:uiPriority w:val="39"/><w:unhideWhenUsed/>
  <w:pPr><w:spacing w:after="40"/><w:ind w:left="284"/></w:pPr>
</w:style>""",
}


def set_up(document: Document) -> None:
    """Page, fonts, sizes, missing styles and settings for a new pack."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = SIDE_MARGIN
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.2)
    styles_element = document.styles.element
    _one_font(styles_element)
    for style_id, xml in _MISSING_STYLES.items():
        if styles_element.find(f"w:style[@w:styleId='{style_id}']", _NS) is None:
            styles_element.append(parse_xml(xml))
    missing = [i for i in STYLE_IDS if styles_element.get_by_id(i) is None]
    if missing:  # the template python-docx ships changed: fail loudly, not with a bad file
        raise RuntimeError(f"Word template lacks the styles {missing}")
    for name, size in SIZES.items():
        document.styles[name].font.size = Pt(size)
    document.styles["Normal"].font.name = FONT
    document.styles[TABLE_STYLE].font.size = Pt(10)
    # The template's Subtitle carries a stray list level; the cover's subtitle is no list.
    subtitle_ppr = document.styles["Subtitle"].element.pPr
    if subtitle_ppr is not None and subtitle_ppr.numPr is not None:
        subtitle_ppr.remove(subtitle_ppr.numPr)
    for name in ("Header", "Footer"):
        tabs = document.styles[name].paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)  # at the right margin
    _settings(document)


_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _one_font(styles_element) -> None:
    """Arial everywhere: theme fonts (which win over named ones) removed from every style and
    from the document defaults, whose language becomes UK English."""
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attr}"), FONT)
    defaults = styles_element.find("w:docDefaults/w:rPrDefault/w:rPr", _NS)
    if defaults is not None:
        lang = defaults.find("w:lang", _NS)
        if lang is not None:
            lang.set(qn("w:val"), LANGUAGE)


# CT_Settings' elements after updateFields, in schema order (python-docx keeps no such list).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _settings(document: Document) -> None:
    """updateFields (Word refreshes the table of contents and page counts on opening) and
    decimal endnote numbering, each in its place in CT_Settings' sequence."""
    settings = document.settings.element
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    settings.insert_element_before(update, *_AFTER_UPDATE_FIELDS)
    endnote_pr = parse_xml(
        f"<w:endnotePr {nsdecls('w')}>"
        '<w:pos w:val="docEnd"/><w:numFmt w:val="decimal"/>'
        '<w:endnote w:id="-1"/><w:endnote w:id="0"/>'
        "</w:endnotePr>"
    )
    settings.insert_element_before(endnote_pr, *_AFTER_UPDATE_FIELDS[3:])


def number_endnotes_in_section(document: Document) -> None:
    """The section's own endnote properties (decimal numbers at the end of the document),
    placed after the header and footer references as CT_SectPr requires."""
    sect_pr = document.sections[0]._sectPr
    endnote_pr = parse_xml(
        f'<w:endnotePr {nsdecls("w")}><w:pos w:val="docEnd"/><w:numFmt w:val="decimal"/>'
        "</w:endnotePr>"
    )
    sect_pr.insert_element_before(
        endnote_pr, "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:cols"
    )


def set_properties(document: Document, *, title: str, author: str, when: datetime) -> None:
    """Core properties from the content, never from the clock or the template."""
    stamp = _utc_naive(when)
    props = document.core_properties
    # python-docx refuses core property text over 255 characters.
    title, author = one_line(title)[:255], one_line(author)[:255]
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.category = "Briefing pack"
    props.language = LANGUAGE
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    _drop_thumbnail(document)


def _drop_thumbnail(document: Document) -> None:
    """python-docx's template carries a thumbnail of an empty page: no preview is better
    than a wrong one."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(r_id)


def finish_package(document: Document, when: datetime) -> bytes:
    """The .docx bytes with every zip entry dated `when` (python-docx dates them now), so the
    same content always gives the same file. Pictures are stored (already compressed)."""
    raw = io.BytesIO()
    document.save(raw)
    stamp = _utc_naive(when)
    date_time = (max(stamp.year, 1980), *stamp.timetuple()[1:6])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=date_time)
            entry.create_system = 0
            entry.external_attr = 0
            entry.compress_type = (
                zipfile.ZIP_STORED
                if item.filename.endswith((".png", ".jpeg", ".jpg"))
                else zipfile.ZIP_DEFLATED
            )
            target.writestr(entry, source.read(item))
    return out.getvalue()


def _utc_naive(when: datetime) -> datetime:
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.replace(microsecond=0)
