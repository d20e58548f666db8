"""One chapter per ask: key statistics, charts, evidence, positions and responses."""

from __future__ import annotations

import io
import re
from functools import partial

from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from campaign.models import EvidenceKind, ResponseDirection
from campaign.packs.parts import (
    COMPOSITE_NOTICE,
    CONFIDENTIAL,
    PackAsk,
    PackChart,
    PackContent,
    PackEvidence,
    PackFigure,
    PackTimelineEntry,
)
from campaign.packs.word_doc import CellFill, Writer, more
from campaign.packs.word_xml import (
    add_hyperlink,
    add_label,
    add_run,
    keep_with_next,
    one_line,
)
from campaign.rendering import format_date

CHART_WIDTH = Cm(16)


def add_chapter(writer: Writer, content: PackContent, ask: PackAsk) -> None:
    writer.heading(ask.heading, 1)
    if not content.has("summary"):
        add_ask_details(writer, ask)
    if ask.figures:
        writer.heading("Key statistics", 2)
        _figures(writer, ask.figures)
    if ask.charts:
        writer.heading("Charts", 2)
        for chart in ask.charts:
            _chart(writer, content, chart)
    if ask.evidence:
        writer.heading("Evidence", 2)
        for item in ask.evidence:
            _evidence(writer, item)
    if content.has("positions"):
        writer.heading("Positions and responses", 2)
        _positions(writer, content, ask)


def add_ask_details(writer: Writer, ask: PackAsk) -> None:
    """Status, targets and the team's lead, in one line."""
    paragraph = writer.paragraph()
    parts = [f"Status: {ask.status}."]
    if ask.targets:
        parts.append(f"Targets: {', '.join(ask.targets)}.")
    add_run(paragraph, " ".join(parts))
    if ask.owner or ask.owner_email:
        add_run(paragraph, " Lead: ")
        if ask.owner:
            add_run(paragraph, ask.owner)
        if ask.owner_email:
            add_run(paragraph, " (" if ask.owner else "")
            add_hyperlink(paragraph, f"mailto:{ask.owner_email}", ask.owner_email)
            add_run(paragraph, ")" if ask.owner else "")
        add_run(paragraph, ".")


# -- key statistics ---------------------------------------------------------------------


def _figures(writer: Writer, figures: list[PackFigure]) -> None:
    """Figure (with its endnote), what it counts (with the published wording, the arithmetic
    of a derived figure and, internally, the team's note), period, geography."""
    table = writer.table(
        ("Figure", "What", "Period", "Geography"),
        (Cm(2.6), Cm(8.6), Cm(2.4), Cm(3.0)),
    )
    for figure in figures:
        writer.row(
            table,
            partial(_figure_value, writer, figure=figure),
            partial(_figure_what, figure=figure),
            figure.period,
            figure.geography,
        )


def _figure_value(writer: Writer, paragraph: Paragraph, figure: PackFigure) -> None:
    add_run(paragraph, figure.display, bold=True)
    writer.cite(paragraph, figure.note)


def _figure_what(paragraph: Paragraph, figure: PackFigure) -> None:
    add_run(paragraph, figure.label)
    for name, text in (
        ("As published", figure.published_wording),
        ("Basis", figure.basis),
        ("Team note", figure.team_note),
    ):
        if text.strip():
            detail = more(paragraph)
            for run in (
                add_run(detail, f"{name}: ", italic=True),
                add_run(detail, " ".join(text.split())),
            ):
                run.font.size = Pt(9.5)


# -- charts -----------------------------------------------------------------------------


def _chart(writer: Writer, content: PackContent, chart: PackChart) -> None:
    """The chart as a picture (alt text: the chart's values), its caption citing its sources,
    and its values as a small table for anyone who cannot see the picture."""
    from campaign.charts import render_png  # matplotlib loads only when a pack has charts

    picture = writer.paragraph()
    keep_with_next(picture)
    png = io.BytesIO(render_png(chart, dpi=200))
    shape = picture.add_run().add_picture(png, width=CHART_WIDTH)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", one_line(chart.alt))
    doc_pr.set("title", one_line(chart.title))
    caption = writer.paragraph(style="Caption")
    keep_with_next(caption)
    add_run(caption, f"{chart.title}. ")
    notes = {n.number: n for n in content.notes}
    writer.notes.cite_all(caption, [notes[n] for n in chart.note_numbers if n in notes])
    table = writer.table(("Label", "Value"), (Cm(10.0), Cm(4.0)))
    for point in chart.points:
        writer.row(table, point.label, point.display)
    writer.paragraph()


# -- evidence ---------------------------------------------------------------------------


def _evidence(writer: Writer, item: PackEvidence) -> None:
    title = writer.paragraph()
    keep_with_next(title)
    if item.is_confidential:
        add_label(title, CONFIDENTIAL)
        add_run(title, " ")
    add_run(title, item.title, bold=True)
    writer.cite(title, item.note)
    details = [item.kind_label]
    if item.evidence_date:
        details.append(format_date(item.evidence_date))
    meta = writer.paragraph(" · ".join(details), italic=True)
    keep_with_next(meta)
    if item.is_composite:
        writer.paragraph(COMPOSITE_NOTICE, italic=True)
    for block in paragraphs(item.text):
        writer.paragraph(block, style="Quote" if item.kind is EvidenceKind.QUOTE else None)
    if item.attribution.strip():
        writer.paragraph(f"— {' '.join(item.attribution.split())}")
    if item.team_note.strip():
        writer.paragraph(f"Team note: {' '.join(item.team_note.split())}", italic=True)


def paragraphs(text: str) -> list[str]:
    """Plain text to paragraphs: blank lines separate them, single line breaks are wrapping."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]


# -- positions and responses ------------------------------------------------------------


def _positions(writer: Writer, content: PackContent, ask: PackAsk) -> None:
    if not ask.positions and not ask.timeline:
        public = "public " if content.options.is_external else ""
        writer.paragraph(f"No {public}responses recorded for this ask yet.")
        return
    if ask.positions:
        writer.heading("Current positions", 3)
        table = writer.table(
            ("Organisation", "Position", "As of", "Based on"),
            (Cm(4.4), Cm(3.0), Cm(3.0), Cm(6.2)),
        )
        for position in ask.positions:
            who = position.organisation + (" (target)" if position.is_target else "")
            writer.row(
                table,
                who,
                position.position_label,
                format_date(position.as_of),
                position.response_title,
            )
    if ask.timeline:
        writer.heading("Response timeline", 3)
        # The team's notes (internal packs only: an external pack has none) get a column.
        noted = any(entry.note.strip() for entry in ask.timeline)
        headings: tuple[str, ...] = ("Date", "Organisation", "Response", "Position", "What it said")
        widths: tuple[Cm, ...] = (Cm(2.4), Cm(3.2), Cm(4.0), Cm(2.2), Cm(4.8))
        if not noted:
            headings, widths = headings[:-1], (Cm(2.4), Cm(3.6), Cm(8.2), Cm(2.4))
        table = writer.table(headings, widths)
        for entry in ask.timeline:
            sent = entry.direction is ResponseDirection.SENT
            cells: list[CellFill] = [
                format_date(entry.response_date),
                f"{entry.organisation} (sent by us)" if sent else entry.organisation,
                partial(_response, entry=entry),
                "" if sent else entry.position.label,
            ]
            if noted:
                cells.append(" ".join(entry.note.split()))
            writer.row(table, *cells)


def _response(paragraph: Paragraph, entry: PackTimelineEntry) -> None:
    if entry.url:
        add_hyperlink(paragraph, entry.url, entry.title)
    else:
        add_run(paragraph, entry.title)
    # `channel.label`, not `channel_label`: the timeline holds content.py's response rows.
    add_run(more(paragraph), entry.channel.label, italic=True)
