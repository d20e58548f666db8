"""Briefing packs: a document for a meeting, made from the asks' statistics, evidence,
positions and milestones, as PDF, Word or HTML, and kept as a record of what was sent
(docs/packs.md).

    options.py     the builder's choices (PackOptions), stored with every pack as JSON
    parts.py       what a pack says, as plain data (PackContent)
    content.py     gathering that content from the database; the external/internal rules
    public.py      EXTERNAL_FIELDS: the one list of fields an external pack may print
    upcoming.py    the upcoming milestones a pack lists
    html.py, pdf.py, word.py   the renderers: content in, text or bytes out
    render.py      one entry point for the renderers; the file's name
    services.py    check, keep, generate, list (plain functions, keyword-only session)
    generation.py  the background thread pool: packs are generated off the request
    forms.py, views.py   the builder, the records, the downloads
    cli.py         `flask pack`
"""

from flask import Blueprint

bp = Blueprint("packs", __name__, url_prefix="/packs")

from campaign.packs import views  # noqa: E402,F401  (registers the routes)
