"""Who's who in the Word pack: the same people, facts and tables as the HTML and PDF
(`templates/packs/_doc_whos_who.html`), laid out from `PackContent.people`."""

from __future__ import annotations

from docx.shared import Cm

from campaign.packs.parts import PackContent, WhoPerson
from campaign.packs.word_doc import Writer
from campaign.packs.word_xml import add_run
from campaign.rendering import format_date

HEADING = "Who’s who"


def add_whos_who(writer: Writer, content: PackContent) -> None:
    writer.heading(HEADING, 1)
    for person in content.people:
        writer.heading(person.name, 2)
        if person.erased:
            writer.paragraph("No details held.")
            continue
        _facts(writer, person)
        writer.heading("Stance on our asks", 3)
        table = writer.table(("Ask", "Stance", "Assessed"), (Cm(9.6), Cm(3.4), Cm(3.6)))
        for stance in person.stances:
            assessed = format_date(stance.assessed_on) if stance.assessed_on else "–"
            writer.row(table, f"{stance.ask_number}. {stance.ask_title}", stance.stance, assessed)
        writer.heading("Last interactions", 3)
        if person.interactions:
            table = writer.table(("Date", "Interaction", "Outcome"), (Cm(3.4), Cm(6.2), Cm(7)))
            for item in person.interactions:
                writer.row(
                    table,
                    format_date(item.occurred_on),
                    f"{item.title} ({item.kind})",
                    item.outcome or "–",
                )
        else:
            writer.paragraph("No interactions recorded.")
        writer.heading("Open commitments", 3)
        if person.commitments:
            table = writer.table(("Commitment", "Due", "Status"), (Cm(9.6), Cm(4), Cm(3)))
            for commitment in person.commitments:

                def status(paragraph, c=commitment):
                    add_run(paragraph, c.status, bold=c.late)

                writer.row(table, commitment.title, commitment.due or "–", status)
        else:
            writer.paragraph("No open commitments.")


def _facts(writer: Writer, person: WhoPerson) -> None:
    lines = [("Role", "; ".join(person.roles) or "None recorded"), ("Kind", person.kind)]
    if person.party:
        lines.append(("Party", person.party))
    if person.constituency:
        lines.append(("Constituency", person.constituency))
    for name, value in lines:
        paragraph = writer.paragraph(f"{name}: ", bold=True)
        add_run(paragraph, value)
