"""Thin views: sign in, sign out (here or everywhere), change one's own password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from campaign import clock
from campaign.accounts import bp, services, sessions, throttle
from campaign.accounts.forms import LoginForm, PasswordForm
from campaign.accounts.guard import safe_next
from campaign.audit import record
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import AuditKind


def _after_sign_in(form_next: str | None = None):
    return redirect(safe_next(form_next or request.args.get("next")) or url_for("dashboard.index"))


@bp.route("/login", methods=["GET", "POST"])
@throttle.sign_in_limits  # refused attempts are counted and throttled (429) per address/account
def login():
    if current_user.is_authenticated:
        return _after_sign_in()
    form = LoginForm()
    if request.method != "POST":  # GET, and HEAD (which Flask answers like GET)
        form.next.data = safe_next(request.args.get("next")) or ""
        return render_template("accounts/login.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 422
    result = services.authenticate(
        session=get_session(), email=form.email.data, password=form.password.data, now=clock.now()
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
    return throttle.remember_browser(_after_sign_in(form.next.data), result.user.email)


def _end_every_session(message: str):
    """Sign out here and on every other browser (copies of the session cookie included)."""
    record(AuditKind.SIGN_OUT)
    sessions.end_all(session=get_session(), user=current_user._get_current_object())
    logout_user()
    flash(message, "success")
    return redirect(url_for("accounts.login"))


@bp.post("/logout")
def logout():
    return _end_every_session("Signed out.")


@bp.post("/account/sign-out-everywhere")
def sign_out_everywhere():  # CSRF-checked like every POST (campaign.extensions)
    return _end_every_session("Signed out everywhere: every browser must sign in again.")


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(
                session=get_session(),
                user=user,
                current=form.current_password.data,
                new=form.new_password.data,
            )
        except ServiceError as error:
            error.attach(form)
        else:
            login_user(user)  # every other session has ended; this one carries on
            record(AuditKind.PASSWORD_CHANGED)
            flash("Your password has been changed.", "success")
            return redirect(url_for("dashboard.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status
