"""Markdown (ask summaries, next steps) as Word paragraphs.

markdown-it parses; the tokens become Word paragraphs, "List Bullet"/"List Number" lists
(each numbered list restarts at its own start), bold and italic runs, and hyperlinks for
http, https and mailto links only. Raw HTML is never interpreted: the parser has HTML off, so
`<b>` or `<script>` arrive as text and go into the document as text (lxml escapes them).
Markdown headings become bold lines, not Word headings, so they stay out of the table of
contents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from campaign.packs.word_setup import TEXT_WIDTH
from campaign.packs.word_xml import HYPERLINK, add_run, keep_with_next, open_hyperlink

if TYPE_CHECKING:
    from campaign.packs.word_doc import Writer

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_MAX_LEVEL = 3  # Word's template has List Bullet, List Bullet 2 and List Bullet 3


@dataclass
class _List:
    ordered: bool
    start: int
    num_id: int | None = None
    item_started: bool = False


@dataclass
class _State:
    lists: list[_List] = field(default_factory=list)
    quote: int = 0
    heading: bool = False
    table: list[list[list[Token]]] | None = None


def add_markdown(writer: Writer, text: str) -> None:
    """Append the Markdown `text` to the writer's document."""
    state = _State()
    tokens = _parser.parse(text or "")
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
            state.lists.append(_List(ordered=kind == "ordered_list_open", start=start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
        elif kind == "list_item_open":
            state.lists[-1].item_started = False
        elif kind == "blockquote_open":
            state.quote += 1
        elif kind == "blockquote_close":
            state.quote -= 1
        elif kind == "heading_open":
            state.heading = True
        elif kind == "heading_close":
            state.heading = False
        elif kind in ("table_open", "tr_open", "th_open", "td_open"):
            _table_token(state, kind)
        elif kind == "table_close":
            _table(writer, state.table or [])
            state.table = None
        elif kind == "inline":
            if state.table is not None:
                state.table[-1][-1] = token.children or []
                continue
            paragraph = _block_paragraph(writer, state)
            if state.heading:
                keep_with_next(paragraph)
            add_inline(paragraph, token.children or [], bold=state.heading)
        elif kind in ("fence", "code_block"):
            paragraph = _block_paragraph(writer, state)
            add_run(paragraph, token.content.rstrip("\n"), mono=True)
        elif kind == "html_block":  # only with HTML on; shown as text if it ever appears
            add_run(_block_paragraph(writer, state), token.content.rstrip("\n"))


def _block_paragraph(writer: Writer, state: _State) -> Paragraph:
    """A new paragraph styled for where it is: a list item's first paragraph, a list item's
    later paragraph, a quotation, or plain body text."""
    if state.lists:
        current = state.lists[-1]
        level = min(len(state.lists), _MAX_LEVEL)
        suffix = "" if level == 1 else str(level)
        if current.item_started:
            return writer.paragraph(style=f"ListContinue{suffix}")
        current.item_started = True
        style = f"ListNumber{suffix}" if current.ordered else f"ListBullet{suffix}"
        paragraph = writer.paragraph(style=style)
        if current.ordered:
            if current.num_id is None:
                current.num_id = _restarted_numbering(writer, style, current.start)
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = current.num_id
        return paragraph
    return writer.paragraph(style="Quote" if state.quote else None)


def _restarted_numbering(writer: Writer, style: str, start: int) -> int:
    """A numbering instance of the list style's own numbering, restarting at `start`, so a
    second numbered list counts from 1 again instead of continuing the first."""
    numbering = writer.document.part.numbering_part.element
    style_num = writer.document.styles.element.get_by_id(style).pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def add_inline(paragraph: Paragraph, children: list[Token], *, bold: bool = False) -> None:
    """Inline tokens as runs: bold, italic, code, line breaks and safe links."""
    strong = 1 if bold else 0
    emphasis = 0
    link = None  # the open w:hyperlink element, when inside a safe link
    for child in children:
        kind = child.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "link_open":
            link = open_hyperlink(paragraph, str(child.attrGet("href") or ""))
        elif kind == "link_close":
            link = None
        elif kind == "softbreak":
            add_run(paragraph, " ")
        elif kind == "hardbreak":
            add_run(paragraph, "\n")
        else:  # text, code_inline, image (its alt text), html_inline (as text)
            run = add_run(
                paragraph,
                child.content,
                bold=strong > 0,
                italic=emphasis > 0,
                mono=kind == "code_inline",
                style=HYPERLINK if link is not None else None,
            )
            if link is not None:
                link.append(run._r)


def _table_token(state: _State, kind: str) -> None:
    if kind == "table_open":
        state.table = []
    elif state.table is not None and kind == "tr_open":
        state.table.append([])
    elif state.table is not None:  # th_open / td_open: a cell, filled by its inline token
        state.table[-1].append([])


def _table(writer: Writer, rows: list[list[list[Token]]]) -> None:
    """A Markdown table as a Word table with a repeating header row."""
    if not rows or not rows[0]:
        return
    columns = len(rows[0])
    width = int(TEXT_WIDTH / columns)
    headers = ["".join(c.content for c in cell) for cell in rows[0]]
    table = writer.table(headers, [width] * columns)
    for row in rows[1:]:
        cells = (row + [[]] * columns)[:columns]
        writer.row(table, *[_cell_filler(cell) for cell in cells])


def _cell_filler(children: list[Token]):
    return lambda paragraph: add_inline(paragraph, children)
