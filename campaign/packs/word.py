"""A briefing pack as a Word document: `render_docx(content) -> bytes`.

The same document as the PDF, in Word's own terms: real styles (Title, Heading 1/2, List
Bullet/Number, Caption), a TOC field Word refreshes on opening, tables with repeating header
rows, the classification and title in the header of every page, "Page X of Y" in the
footer, and the numbered notes as real Word endnotes whose numbers are the notes' numbers.

A pure function of the `PackContent`: no app context, no database, no clock. The same
content gives byte-identical files (core properties and zip timestamps come from
`content.generated_at`).

Modules: word_setup (page, styles, settings, package), word_doc (the `Writer`), word_notes
(endnotes), word_chapters (a chapter per ask), word_markdown, word_xml (raw elements).
"""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from campaign.packs.parts import PackContent
from campaign.packs.word_chapters import add_ask_details, add_chapter
from campaign.packs.word_doc import Writer
from campaign.packs.word_setup import (
    finish_package,
    number_endnotes_in_section,
    set_properties,
    set_up,
)
from campaign.packs.word_whos_who import add_whos_who
from campaign.packs.word_xml import add_field, add_hyperlink, add_page_break, add_run
from campaign.rendering import format_date, uk_day

NOTES_HEADING = "Notes and sources"


def render_docx(content: PackContent) -> bytes:
    """The pack as .docx bytes."""
    document = docx.Document()
    set_up(document)
    writer = Writer(document)
    _header_and_footer(writer, content)
    _cover(writer, content)
    writer.contents()
    if content.has("summary"):
        _summary(writer, content)
    if content.people:
        add_whos_who(writer, content)
    if content.has_chapters:
        for ask in content.asks:
            add_chapter(writer, content, ask)
    if content.has("milestones"):
        _milestones(writer, content)
    if content.has("contacts"):
        _contacts(writer, content)
    if content.notes:
        _notes(writer, content)
    writer.finish_contents()
    number_endnotes_in_section(document)
    set_properties(
        document,
        title=content.title,
        author=content.options.made_by,
        when=content.generated_at,
    )
    return finish_package(document, content.generated_at)


def _header_and_footer(writer: Writer, content: PackContent) -> None:
    """One section, no different first page: the marking is on every page, the cover too."""
    section = writer.document.sections[0]
    header = section.header.paragraphs[0]
    add_run(header, content.marking, bold=True)
    add_run(header, "\t")
    add_run(header, " ".join(content.title.split()))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(footer, "Page ")
    add_field(footer, "PAGE", "1")
    add_run(footer, " of ")
    add_field(footer, "NUMPAGES", "1")


def _cover(writer: Writer, content: PackContent) -> None:
    writer.paragraph(content.title, style="Title")
    if content.audience.strip():
        writer.paragraph(f"Briefing for {content.audience}", style="Subtitle")
    lines = []
    if content.options.meeting_date:
        lines.append(("Meeting", format_date(content.options.meeting_date)))
    lines.append(("Classification", content.cover_marking))
    if content.options.made_by.strip():
        lines.append(("Prepared by", content.options.made_by))
    lines.append(("Generated", format_date(uk_day(content.generated_at))))
    for name, value in lines:
        paragraph = writer.paragraph(f"{name}: ", bold=True)
        add_run(paragraph, value)
    notice = writer.paragraph(content.cover_notice, italic=True)
    notice.paragraph_format.space_before = Cm(0.4)
    add_page_break(writer.paragraph())


def _summary(writer: Writer, content: PackContent) -> None:
    writer.heading("Our asks", 1)
    for ask in content.asks:
        writer.heading(ask.heading, 2)
        add_ask_details(writer, ask)
        writer.markdown(ask.summary)


def _milestones(writer: Writer, content: PackContent) -> None:
    writer.heading("Upcoming milestones", 1)
    if not content.milestones:
        writer.paragraph("No upcoming milestones for these asks.")
        return
    table = writer.table(("When", "What", "Who", "For asks"), (Cm(3.2), Cm(8.4), Cm(3.2), Cm(1.8)))
    for milestone in content.milestones:

        def what(paragraph, m=milestone):
            add_run(paragraph, m.title, bold=True)
            writer.cite(paragraph, m.note)
            add_run(paragraph, f" ({m.kind})" if m.kind else "")
            if m.description.strip():
                add_run(paragraph, "\n" + " ".join(m.description.split()))

        writer.row(
            table,
            milestone.when,
            what,
            milestone.organisation,
            ", ".join(str(n) for n in milestone.ask_numbers) or "—",
        )


def _contacts(writer: Writer, content: PackContent) -> None:
    writer.heading("Contacts and next steps", 1)
    if content.contacts:
        table = writer.table(("Name", "E-mail", "Role"), (Cm(4.6), Cm(5.6), Cm(6.4)))
        for contact in content.contacts:

            def email(paragraph, address=contact.email):
                if address:
                    add_hyperlink(paragraph, f"mailto:{address}", address)

            writer.row(table, contact.name, email, contact.role)
    if content.options.next_steps.strip():
        writer.heading("Next steps", 2)
        writer.markdown(content.options.next_steps)


def _notes(writer: Writer, content: PackContent) -> None:
    """The heading the endnotes follow (Word prints them at the end of the document). A note
    the text has not cited (none should be left) is cited here, so every note is an endnote
    and each is referenced once."""
    writer.heading(NOTES_HEADING, 1)
    paragraph = writer.paragraph(
        "Each figure, piece of evidence and date is numbered in the text; the notes below "
        "give its source, what the figure covers and any caveats."
    )
    left = [n for n in content.notes if not writer.notes.is_referenced(n)]
    if left:
        add_run(paragraph, " Also cited:")
        for note in left:
            add_run(paragraph, " ")
            writer.cite(paragraph, note)
