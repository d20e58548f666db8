"""Download the whole campaign as a bundle; upload one to import it, all or nothing."""

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from campaign import clock
from campaign.accounts.access import can_see_restricted
from campaign.audit import record
from campaign.bundles import bp
from campaign.bundles.errors import BundleInvalid
from campaign.bundles.exporter import export_bundle
from campaign.bundles.forms import UploadForm
from campaign.bundles.importer import import_bundle
from campaign.bundles.loading import load_bundle
from campaign.db import get_session
from campaign.models import AuditKind


@bp.get("/")
def index():
    return render_template("bundles/index.html", form=UploadForm(), can_export=can_see_restricted())


@bp.post("/")
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template(
            "bundles/index.html", form=form, can_export=can_see_restricted()
        ), 422
    file = form.file.data
    session = get_session()
    try:
        report = import_bundle(session, load_bundle(session, file.read()))
    except BundleInvalid as invalid:
        # 422: campaign.db rolls the request's session back, so nothing is written.
        page = render_template(
            "bundles/index.html",
            form=form,
            errors=invalid.errors,
            filename=file.filename,
            can_export=can_see_restricted(),
        )
        return page, 422
    record(
        AuditKind.BUNDLE_IMPORT,
        subject=f"bundle {file.filename}",
        detail={"result": report.summary()},
    )
    flash(f"Imported {file.filename}: {report.summary()}.", "success")
    return redirect(url_for("bundles.index"))


@bp.get("/export.yaml")
def export():
    # A bundle is the whole campaign, restricted evidence included (it must import back
    # losslessly), so only people cleared to read restricted evidence may download it.
    if not can_see_restricted():
        abort(
            403,
            "The export holds restricted evidence: it needs restricted-evidence clearance.",
        )
    filename = f"campaign-{clock.today().isoformat()}.yaml"
    record(AuditKind.EXPORT, subject=f"bundle {filename}")
    return Response(
        export_bundle(get_session()),
        content_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
