"""Thin views: sign in, sign out, change one's own password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from campaign import clock
from campaign.accounts import bp, services
from campaign.accounts.forms import LoginForm, PasswordForm
from campaign.accounts.guard import safe_next
from campaign.audit import record
from campaign.common.services import ServiceError
from campaign.db import get_session, session_scope
from campaign.models import AuditKind


def _after_sign_in(form_next: str | None = None):
    return redirect(safe_next(form_next or request.args.get("next")) or url_for("dashboard.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return _after_sign_in()
    form = LoginForm()
    if request.method != "POST":  # GET, and HEAD (which Flask answers like GET)
        form.next.data = safe_next(request.args.get("next")) or ""
        return render_template("accounts/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 422
    # Its own unit of work: a refusal is counted although this response is an error.
    with session_scope() as session:
        result = services.authenticate(
            session=session, email=form.email.data, password=form.password.data, now=clock.now()
        )
    if result.user is None:
        # Recorded in its own transaction after this request's rollback (campaign.audit).
        record(AuditKind.SIGN_IN_FAILED, email=services.normalise_email(form.email.data))
        form.form_errors.append(services.SIGN_IN_REFUSED)
        form.password.data = ""
        return render_template("accounts/login.html", form=form), 401
    login_user(result.user)
    record(AuditKind.SIGN_IN, user=result.user)
    flash(f"Signed in as {result.user.display_name}.", "success")
    return _after_sign_in(form.next.data)


@bp.post("/logout")
def logout():
    record(AuditKind.SIGN_OUT)
    logout_user()
    flash("Signed out.", "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                session=get_session(),
                user=current_user._get_current_object(),
                current=form.current_password.data,
                new=form.new_password.data,
            )
        except ServiceError as error:
            error.attach(form)
        else:
            record(AuditKind.PASSWORD_CHANGED)
            flash("Your password has been changed.", "success")
            return redirect(url_for("dashboard.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status
