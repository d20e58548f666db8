"""`Writer`: the Word document being written, with the few operations every part of the pack
uses (headings that the table of contents lists, paragraphs, tables with a repeating header
row, endnote citations, Markdown)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from campaign.packs.parts import SourceNote
from campaign.packs.word_markdown import add_markdown
from campaign.packs.word_notes import Endnotes
from campaign.packs.word_setup import TABLE_STYLE_ID
from campaign.packs.word_xml import (
    add_bookmark,
    add_internal_link,
    add_run,
    begin_field,
    end_field,
    keep_row_together,
    repeat_header_row,
    set_style,
)

TOC_FIELD = r'TOC \o "1-2" \h \z \u'
# Both spellings of the look: the attributes and the older bitmask (firstRow 0x20, noVBand
# 0x400), which LibreOffice reads first.
_TABLE_LOOK = {
    "val": "0420",
    "firstRow": "1",
    "lastRow": "0",
    "firstColumn": "0",
    "lastColumn": "0",
    "noHBand": "0",
    "noVBand": "1",
}

CellFill = str | Callable[[Paragraph], None]


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str
    bookmark: str


class Writer:
    def __init__(self, document: Document):
        self.document = document
        self.notes = Endnotes(document)
        self.headings: list[_Heading] = []
        self._contents: Paragraph | None = None

    # -- text -----------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> Paragraph:
        """A real Word heading ("Heading 1" …), bookmarked for the table of contents. Each
        top-level section starts a new page."""
        paragraph = set_style(self.document.add_paragraph(), f"Heading{level}")
        add_run(paragraph, text)
        name = f"_TocPack{len(self.headings) + 1:03d}"
        add_bookmark(paragraph, len(self.headings) + 1, name)
        self.headings.append(_Heading(level, " ".join(paragraph.text.split()), name))
        if level == 1:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def paragraph(self, text: str = "", style: str | None = None, **run_format) -> Paragraph:
        """A paragraph in the style with id `style` (Normal by default)."""
        paragraph = set_style(self.document.add_paragraph(), style)
        if text:
            add_run(paragraph, text, **run_format)
        return paragraph

    def markdown(self, text: str) -> None:
        add_markdown(self, text)

    def cite(self, paragraph: Paragraph, note: SourceNote | None) -> None:
        if note is not None:
            self.notes.cite(paragraph, note)

    # -- tables ---------------------------------------------------------------------------

    def table(self, headers: Sequence[str], widths: Sequence[Length]) -> Table:
        """A table in the pack's table style whose first row is a header row repeated on
        every page."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table._tbl.tblPr.style = TABLE_STYLE_ID
        table.autofit = False
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:  # a header row and banded rows; no emphasised first column
            for attr, value in _TABLE_LOOK.items():
                look.set(qn(f"w:{attr}"), value)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
            cell.width = width
            add_run(cell.paragraphs[0], text)
        repeat_header_row(table.rows[0])
        return table

    def row(self, table: Table, *cells: CellFill) -> None:
        """A row: each cell is text, or a function writing into the cell's first paragraph
        (it may add more paragraphs with `more`)."""
        row = table.add_row()
        keep_row_together(row)
        for cell, fill in zip(row.cells, cells, strict=True):
            paragraph = cell.paragraphs[0]
            if callable(fill):
                fill(paragraph)
            elif fill:
                add_run(paragraph, fill)

    # -- table of contents ----------------------------------------------------------------

    def contents(self) -> None:
        """Where the table of contents goes; `finish_contents` fills it in at the end, when
        the headings are known."""
        self.paragraph("Contents", style="TOCHeading")
        self._contents = self.document.add_paragraph()

    def finish_contents(self) -> None:
        """A real TOC field. Word refreshes it on opening (settings' updateFields) and adds
        the page numbers; until then its result lists the headings, linked to them."""
        placeholder = self._contents
        if placeholder is None:
            return
        entries = [h for h in self.headings if h.level <= 2]
        if not entries:
            paragraph = placeholder.insert_paragraph_before()
            begin_field(paragraph, TOC_FIELD)
            add_run(paragraph, "Update this field (F9) to list the sections.")
            end_field(paragraph)
        for index, entry in enumerate(entries):
            paragraph = set_style(placeholder.insert_paragraph_before(), f"TOC{entry.level}")
            if index == 0:
                begin_field(paragraph, TOC_FIELD)
            add_internal_link(paragraph, entry.bookmark, entry.text)
            if index == len(entries) - 1:
                end_field(paragraph)
        placeholder._p.getparent().remove(placeholder._p)
        self._contents = None


def more(paragraph: Paragraph) -> Paragraph:
    """A further paragraph at the end of the table cell `paragraph` is in."""
    cell = paragraph._parent
    if not isinstance(cell, _Cell):
        raise TypeError("more() adds paragraphs to table cells only")
    return cell.add_paragraph()
