"""A pack's content as the bytes of a file, and the file's name. Pure functions from data to
bytes: the renderers never touch the database (they need an app context for templates only).
"""

from __future__ import annotations

from datetime import date

from slugify import slugify

from campaign.models import PackFormat
from campaign.packs.options import PackOptions
from campaign.packs.parts import PackContent


def render(content: PackContent, fmt: PackFormat) -> bytes:
    """The pack in `fmt`: a PDF, a Word document, or one standalone UTF-8 HTML page."""
    # Imported here: WeasyPrint and python-docx are slow to import, and most requests (and
    # every CLI command but `pack`) never render a pack.
    if fmt is PackFormat.PDF:
        from campaign.packs.pdf import render_pdf

        return render_pdf(content)
    if fmt is PackFormat.DOCX:
        from campaign.packs.word import render_docx

        return render_docx(content)
    if fmt is PackFormat.HTML:
        from campaign.packs.html import render_html

        return render_html(content, standalone=True).encode("utf-8")
    raise ValueError(f"Unknown pack format: {fmt!r}")


def filename_for(options: PackOptions, today: date) -> str:
    """`2026-12-03-briefing-for-ofcom.pdf`: the meeting's date (or, without one, the day the
    pack is made), the title, the format's extension."""
    day = options.meeting_date or today
    stem = slugify(options.title, max_length=80, word_boundary=True) or "briefing-pack"
    return f"{day.isoformat()}-{stem}.{options.format.extension}"
