"""Thin views: the builder (preview, or keep and generate in the background), the kept packs,
each pack's page with its progress, and its file."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask import session as web_session
from flask_login import current_user
from markupsafe import Markup
from sqlmodel import Session

from campaign import clock
from campaign.accounts.access import can_see_restricted
from campaign.audit import record
from campaign.common.archive import get_or_404
from campaign.db import get_session
from campaign.models import AuditKind, Pack, PackClassification, PackSection, PackStatus
from campaign.packs import bp, claim_checks, generation, services
from campaign.packs.forms import PackForm, fill_asks, fill_from_interaction, fill_from_options
from campaign.packs.parts import PackError

MADE_BY = "packs.made_by"  # Flask session key: the last "Prepared by" typed


def _limits() -> dict:
    """When a queued or running pack counts as interrupted: see services.interruption."""
    return {
        "timeout_seconds": int(current_app.config["PACK_TIMEOUT_SECONDS"]),
        "heartbeat_seconds": float(current_app.config["PACK_HEARTBEAT_SECONDS"]),
    }


def _max_age_days() -> int:
    return int(current_app.config["STATISTIC_MAX_AGE_DAYS"])


def _status(pack: Pack) -> str:
    return services.display_status(pack, now=clock.now(), **_limits())


@bp.get("/")
def index():
    db = get_session()
    page = services.pack_listing(
        db, args=request.args.to_dict(), per_page=current_app.config["PER_PAGE"]
    )
    return render_template(
        "packs/index.html",
        page=page,
        filters=services.filters_with_choices(db),
        args=request.args,
        status_of=_status,
        human_size=services.human_size,
    )


def _builder_form(db: Session) -> tuple[PackForm, list[str]]:
    """The builder, prefilled on GET from `?ask=<slug>` (repeatable), `?from=<pack id>` or
    `?interaction=<key>` (a pack for a meeting: campaign.packs.forms.fill_from_interaction).
    Also returns the asks of that pack that can no longer be included (archived since)."""
    form = PackForm()
    asks = services.ask_choices(db)
    left_out: list[str] = []
    if not form.is_submitted():
        chosen = request.args.getlist("ask")
        source = request.args.get("from", type=int)
        if source is not None:
            options = services.options_of(get_or_404(db, Pack, source))
            fill_from_options(form, options)
            key = options.audience_organisation_key
            if key is None or services.audience_organisation(db, key) is None:
                form.audience_organisation.data = None
                form.audience.data = options.audience
            chosen = list(options.ask_slugs)
            left_out = [slug for slug in chosen if slug not in dict(asks)]
        elif meeting := request.args.get("interaction"):
            chosen = fill_from_interaction(db, form, meeting) or chosen
        fill_asks(form, asks, chosen)
        # The last name typed (someone may prepare a pack for a colleague), else the
        # signed-in user's own name.
        form.made_by.data = web_session.get(MADE_BY) or current_user.name or current_user.email
    form.audience_organisation.prepare(db)
    form.people.prepare(db)
    form.set_choices(asks=asks)
    return form, left_out


def _builder(form: PackForm, left_out=(), status: int = 200, blocked=()):
    page = render_template(
        "packs/new.html",
        form=form,
        left_out=left_out,
        blocked=blocked,
        sections=PackSection,
        classifications=PackClassification,
    )
    return page, status


@bp.get("/new")
def new():
    form, left_out = _builder_form(get_session())
    return _builder(form, left_out)


@bp.post("/new")
def create():
    db = get_session()
    form, _ = _builder_form(db)
    if "edit" in request.form:  # "Change" on the preview page: back to the builder
        return _builder(form)
    if not form.validate_on_submit():
        return _builder(form, status=422)
    web_session[MADE_BY] = form.made_by.data
    options = _requested_options(form)
    try:
        if not form.generate.data:
            options, content = services.preview(session=db, options=options)
            return render_template(
                "packs/preview.html",
                form=form,
                options=options,
                content=content,
                titles={a.slug: a.title for a in content.asks},
                pack_html=_fragment(content),
                claims=claim_checks.inconsistent_claims(
                    session=db, content=content, today=clock.today(), max_age_days=_max_age_days()
                ),
            )
        pack = services.request_pack(
            session=db,
            options=options,
            max_age_days=_max_age_days(),
            requested_by=current_user._get_current_object(),
        )
    except PackError as error:
        target = getattr(form, error.field, None)
        if target is not None:
            target.errors = [*target.errors, error.message]
        else:
            form.form_errors.append(error.message)
        return _builder(form, status=422, blocked=getattr(error, "results", ()))
    generation.submit_after_commit(db, pack.id)
    record(AuditKind.PACK_GENERATED, subject=f"pack {pack.id}", detail=_audit_detail(pack))
    flash(f"Generating “{pack.title}”: it will be ready to download here.", "success")
    if pack.claims_override:
        flash(claim_checks.override_note(pack), "warning")
    return redirect(url_for("packs.detail", pack_id=pack.id))


def _audit_detail(pack: Pack) -> dict:
    return {
        "title": pack.title,
        "format": pack.format.value,
        "classification": pack.classification.value,
    }


def _requested_options(form: PackForm):
    """The builder's choices, with restricted evidence only for a user cleared to read it."""
    return replace(form.to_options(), include_restricted=can_see_restricted())


def _refuse_uncleared(pack: Pack) -> None:
    """A kept pack holding restricted evidence is for cleared users only."""
    if services.options_of(pack).include_restricted and not can_see_restricted():
        abort(403, description="This pack holds restricted evidence you are not cleared to see.")


def _fragment(content) -> Markup:
    from campaign.packs.html import render_html

    # The renderer's templates escape what they show; its output is the pack's own markup.
    return Markup(render_html(content, standalone=False))  # noqa: S704  # nosec B704  # see above


@bp.get("/<int:pack_id>")
def detail(pack_id: int):
    db = get_session()
    pack = get_or_404(db, Pack, pack_id)
    options = services.options_of(pack)
    asks = services.asks_by_slug(db, options.ask_slugs)
    shown = _status(pack)
    return render_template(
        "packs/detail.html",
        pack=pack,
        options=options,
        titles={slug: ask.title for slug, ask in asks.items()},
        archived={slug for slug, ask in asks.items() if ask.archived_at is not None},
        status=shown,
        active=shown in (PackStatus.QUEUED.value, PackStatus.RUNNING.value),
        interrupted_because=services.interruption(pack, now=clock.now(), **_limits()),
        human_size=services.human_size,
        override_note=claim_checks.override_note(pack),
        overridden=claim_checks.overridden_keys(pack),
    )


@bp.get("/<int:pack_id>/status")
def status(pack_id: int):
    """The pack's progress, polled by static/js/pack-progress.js while it is generated."""
    pack = get_or_404(get_session(), Pack, pack_id)
    shown = _status(pack)
    done = pack.status is PackStatus.DONE
    response = jsonify(
        status=shown,
        progress=pack.progress,
        stage=pack.stage,
        error=pack.error or None,
        download_url=url_for("packs.download", pack_id=pack.id) if done else None,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:pack_id>/retry")
def retry(pack_id: int):
    db = get_session()
    pack = get_or_404(db, Pack, pack_id)
    _refuse_uncleared(pack)
    try:
        services.retry(session=db, pack=pack, now=clock.now(), **_limits())
    except PackError as error:
        flash(error.message, "warning")
    else:
        generation.submit_after_commit(db, pack.id)
        record(
            AuditKind.PACK_GENERATED,
            subject=f"pack {pack.id}",
            detail=_audit_detail(pack) | {"retry": True},
        )
        flash(f"Generating “{pack.title}” again.", "success")
    return redirect(url_for("packs.detail", pack_id=pack.id))


@bp.get("/<int:pack_id>/download")
def download(pack_id: int):
    pack = get_or_404(get_session(), Pack, pack_id)
    _refuse_uncleared(pack)
    if pack.status is not PackStatus.DONE or pack.content is None:
        abort(409, description=f"This pack has no file yet: it is {_status(pack)}.")
    return send_file(
        BytesIO(pack.content),
        mimetype=pack.format.media_type,
        as_attachment=True,
        download_name=pack.filename,
        etag=pack.sha256,
        conditional=True,
        max_age=None,
    )
