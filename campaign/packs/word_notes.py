"""The pack's numbered notes as real Word endnotes.

python-docx has no endnote API, so the endnotes part is added here with its OPC machinery: a
`word/endnotes.xml` part (declared in [Content_Types].xml by python-docx when it saves),
related from the document part, holding the separator (id -1) and continuation separator
(id 0) endnotes Word requires, then one endnote per `SourceNote`.

Word numbers endnotes itself, in the order their references appear. Each note is referenced
exactly once, where it is first cited, and the content numbers notes in reading order, so
Word's number for an endnote is the note's own `number` (its `w:id` too). A later mention of
a note already referenced (a chart citing its figures) is plain text: "Source: notes 3–5".
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph

from campaign.packs.parts import SourceNote
from campaign.packs.word_xml import (
    NOTE_REFERENCE,
    NOTE_TEXT,
    add_hyperlink,
    add_note_reference,
    add_run,
    one_line,
    set_style,
)

_SEPARATORS = f"""<w:endnotes {nsdecls("w", "r")}>
<w:endnote w:type="separator" w:id="-1"><w:p><w:pPr>
<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:r><w:separator/></w:r></w:p></w:endnote>
<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>
<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:r><w:continuationSeparator/></w:r></w:p></w:endnote>
</w:endnotes>"""


class _InPart:
    """The parent python-docx's `Paragraph` asks for its part (for hyperlinks)."""

    def __init__(self, part: StoryPart):
        self.part = part


class Endnotes:
    """The endnotes part of one document, and which notes the text has referenced so far."""

    def __init__(self, document: Document):
        # A StoryPart, like a header: it looks styles up in the document's styles part.
        self.part = StoryPart(
            PackURI("/word/endnotes.xml"),
            CT.WML_ENDNOTES,
            parse_xml(_SEPARATORS),
            document.part.package,
        )
        document.part.relate_to(self.part, RT.ENDNOTES)
        self._parent = _InPart(self.part)
        self.referenced: list[int] = []

    def is_referenced(self, note: SourceNote) -> bool:
        return note.number in self.referenced

    def cite(self, paragraph: Paragraph, note: SourceNote) -> None:
        """Reference `note` at the end of `paragraph`: an endnote reference the first time,
        the note's number as plain superscript-free text ("note 4") after that."""
        if self.is_referenced(note):
            add_run(paragraph, f" (note {note.number})")
            return
        add_note_reference(paragraph, note.number)
        self.referenced.append(note.number)
        self._write(note)

    def cite_all(self, paragraph: Paragraph, notes: list[SourceNote]) -> None:
        """`notes` cited in one place (a chart's points): those already referenced as plain
        text ("Source: notes 3–5"), any not yet referenced as endnote references."""
        if not notes:
            return
        earlier = [n.number for n in notes if self.is_referenced(n)]
        new = [n for n in notes if not self.is_referenced(n)]
        add_run(paragraph, "Source: " if len(notes) == 1 else "Sources: ")
        if earlier:
            add_run(paragraph, note_numbers(earlier))
            if new:
                add_run(paragraph, "; ")
        for note in new:
            self.cite(paragraph, note)
        add_run(paragraph, ".")

    def _write(self, note: SourceNote) -> None:
        """The endnote's text: SourceNote.text(), with its URL as a real hyperlink."""
        endnote = OxmlElement("w:endnote", {qn("w:id"): str(note.number)})
        self.part.element.append(endnote)
        paragraph = Paragraph(OxmlElement("w:p"), self._parent)
        endnote.append(paragraph._p)
        set_style(paragraph, NOTE_TEXT)
        mark = add_run(paragraph, "", style=NOTE_REFERENCE)
        mark._r.append(OxmlElement("w:endnoteRef"))
        text = one_line(note.text())
        lead = one_line(f"{note.subject}. {note.reference}.")
        url = one_line(note.url)
        if url and text.startswith(lead + " " + url):
            add_run(paragraph, " " + lead + " ")
            add_hyperlink(paragraph, url)
            add_run(paragraph, text[len(lead) + 1 + len(url) :])
        else:
            add_run(paragraph, " " + text)


def note_numbers(numbers: list[int]) -> str:
    """[3, 4, 5, 8] -> 'notes 3–5, 8'; [2] -> 'note 2'."""
    numbers = sorted(set(numbers))
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][-1] + 1:
            ranges[-1].append(number)
        else:
            ranges.append([number])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(str(n) for n in r) for r in ranges]
    word = "note" if len(numbers) == 1 else "notes"
    return f"{word} {', '.join(parts)}"
