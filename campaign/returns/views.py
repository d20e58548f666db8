"""Importing FOI returns on the web: upload → preview (every error, or what will change) →
import; the list of imports; a source's returns, force by force (the audit view)."""

from __future__ import annotations

from pathlib import PureWindowsPath

from flask import abort, flash, redirect, render_template, request, url_for

from campaign.audit import record
from campaign.db import get_session
from campaign.models import AuditKind, Source
from campaign.returns import bp, queries, uploads
from campaign.returns.errors import ReturnsInvalid
from campaign.returns.forms import ConfirmForm, UploadForm
from campaign.returns.importer import apply_import, preview_import
from campaign.returns.validation import EXPECTED


@bp.app_template_global()
def returns_summary(source_id: int) -> queries.SourceReturns | None:
    """The source's imported returns, for its page (one short query pair)."""
    return queries.summaries(get_session(), [source_id]).get(source_id)


@bp.get("/")
def index():
    session = get_session()
    summaries = queries.summaries(session)
    sources = queries.sources_by_id(session, summaries)
    ordered = dict(sorted(summaries.items(), key=lambda item: sources[item[0]].title.lower()))
    return render_template(
        "returns/index.html",
        imports=queries.imports(session),
        summaries=ordered,
        sources=sources,
    )


def _upload_form() -> UploadForm:
    session = get_session()
    form = UploadForm()
    form.source.prepare(session)
    if request.method != "POST" and request.args.get("source"):
        source = queries.source_by_key(session, request.args["source"])
        if source is not None:
            form.source.data = source.id
    return form


def _page(form: UploadForm, status: int = 200, **context):
    return render_template("returns/import.html", form=form, expected=EXPECTED, **context), status


@bp.get("/import")
def new():
    return _page(_upload_form())


@bp.post("/import")
def preview():
    form = _upload_form()
    if not form.validate_on_submit():
        return _page(form, 422)
    session = get_session()
    source = session.get(Source, form.source.data)
    if source is None or source.archived_at is not None:
        form.source.errors = ["Choose an active source."]
        return _page(form, 422)
    # The name only, whatever the browser sent (old browsers send C:\…\file.csv).
    filename = PureWindowsPath(form.file.data.filename or "returns").name
    data = form.file.data.read()
    result = preview_import(session=session, source=source, filename=filename, data=data)
    if result.errors:
        return _page(form, 422, preview=result)
    if not result.changes_anything:
        return _page(form, preview=result, confirm=None)
    confirm = ConfirmForm(
        formdata=None, source_id=str(source.id), sha256=uploads.keep(data), filename=filename
    )
    return _page(form, preview=result, confirm=confirm)


@bp.post("/import/confirm")
def confirm():
    form = ConfirmForm()
    valid = form.validate_on_submit()
    if form.source_id.errors or form.sha256.errors or form.filename.errors:
        abort(400)  # the hidden fields are the page's own: these were tampered with
    session = get_session()
    source = session.get(Source, int(form.source_id.data))
    if source is None or source.archived_at is not None:
        abort(400)
    data = uploads.fetch(form.sha256.data)
    if data is None:
        flash("The previewed file is no longer on the server: choose it again.", "error")
        return redirect(url_for("returns.new", source=source.key))
    upload = _upload_form()
    upload.source.data = source.id
    filename = form.filename.data
    if not valid:
        result = preview_import(session=session, source=source, filename=filename, data=data)
        return _page(upload, 422, preview=result, confirm=form)
    try:
        result = apply_import(
            session=session,
            source=source,
            filename=filename,
            data=data,
            imported_by=form.imported_by.data,
        )
    except ReturnsInvalid as invalid:
        # The database changed since the preview. 422: the request's session rolls back.
        result = preview_import(session=session, source=source, filename=filename, data=data)
        result.errors = result.errors or invalid.errors
        return _page(upload, 422, preview=result)
    uploads.discard(form.sha256.data)
    record(
        AuditKind.RETURNS_IMPORT,
        subject=f"source {source.key}",
        detail={"file": filename, "result": result.summary()},
    )
    flash(f"Imported {filename} into “{source.title}”: {result.summary()}.", "success")
    return redirect(url_for("returns.source_returns", key=source.key))


@bp.get("/sources/<key>")
def source_returns(key: str):
    session = get_session()
    source = queries.source_by_key(session, key)
    if source is None:
        abort(404)
    rows = queries.source_returns(session, source)
    platforms = sorted({p.platform for row, _ in rows for p in row.platforms}, key=str.casefold)
    return render_template(
        "returns/source.html",
        source=source,
        rows=rows,
        platforms=platforms,
        summary=queries.summaries(session, [source.id]).get(source.id),
    )
