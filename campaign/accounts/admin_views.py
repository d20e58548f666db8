"""Thin views: user administration (admin-only, see guard.RULES) and the reset-link page that
the link's holder opens without signing in."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_user, logout_user

from campaign import clock
from campaign.accounts import admin, bp, reset, tokens
from campaign.accounts.forms import ResetPasswordForm, UserCreateForm, UserEditForm
from campaign.audit.recording import record
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import AuditKind, User, UserRole


def _user_or_404(user_id: int) -> User:
    user = admin.get_user(session=get_session(), user_id=user_id)
    if user is None:
        abort(404)
    return user


def _no_store(response):
    """A page holding a reset link (or reached through one) is never cached."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _show_link(user: User, *, created: bool = False):
    token = reset.make_token(user, secret_key=current_app.config["SECRET_KEY"], now=clock.now())
    link = reset.reset_url(token, current_app.config["PUBLIC_BASE_URL"])
    page = render_template(
        "accounts/users/reset_link.html",
        user=user,
        link=link,
        created=created,
        hours=current_app.config["RESET_LINK_HOURS"],
    )
    return _no_store(current_app.make_response(page))


@bp.get("/users/")
def users_index():
    users = admin.list_users(session=get_session())
    return render_template("accounts/users/index.html", users=users)


@bp.route("/users/new", methods=["GET", "POST"])
def users_new():
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = admin.create_user(
                session=get_session(),
                email=form.email.data,
                name=form.name.data or "",
                role=UserRole(form.role.data),
                clearance=form.clearance.data,
            )
        except ServiceError as error:
            error.attach(form)
        else:
            return _show_link(user, created=True)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/users/new.html", form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def users_edit(user_id: int):
    user = _user_or_404(user_id)
    form = UserEditForm()
    if not form.is_submitted():
        form.role.data = user.role.value
        form.clearance.data = user.restricted_clearance
        form.active.data = user.is_active
    elif form.validate():
        before = (user.role, user.restricted_clearance, user.is_active)
        actor = current_user._get_current_object()
        try:
            admin.update_user(
                session=get_session(),
                actor=actor,
                user=user,
                role=UserRole(form.role.data),
                clearance=form.clearance.data,
                active=form.active.data,
            )
        except ServiceError as error:
            get_session().rollback()
            error.attach(form)
        else:
            after = (user.role, user.restricted_clearance, user.is_active)
            if after != before and user.id == actor.id:
                login_user(user)  # the change ended the admin's other sessions, not this one
            if after != before:
                record(
                    AuditKind.ROLE_CHANGED,
                    subject=f"user {user.email}",
                    detail={
                        "role": [before[0].value, after[0].value],
                        "clearance": [before[1], after[1]],
                        "active": [before[2], after[2]],
                    },
                )
            flash(f"Saved {user.email}.", "success")
            return redirect(url_for("accounts.users_index"))
    status = 422 if form.is_submitted() else 200
    page = render_template(
        "accounts/users/edit.html",
        form=form,
        user=user,
        now=clock.now(),
        tokens=tokens.tokens_of(get_session(), user),
        token_state=tokens.state,
        revoke_url=lambda t: url_for("accounts.users_token_revoke", user_id=user.id, token_id=t.id),
    )
    return page, status


@bp.post("/users/<int:user_id>/reset-link")
def users_reset_link(user_id: int):
    return _show_link(_user_or_404(user_id))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Open to anyone holding a valid link; every unusable link gets the same 400 page."""
    options = {
        "secret_key": current_app.config["SECRET_KEY"],
        "max_age_hours": current_app.config["RESET_LINK_HOURS"],
        "now": clock.now(),
    }
    session = get_session()
    try:
        user = reset.user_for_token(session=session, token=token, **options)
    except reset.ResetLinkError:
        abort(400, description=reset.LINK_REFUSED)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(
                session=session, token=token, new_password=form.new_password.data, **options
            )
        except ServiceError as error:
            error.attach(form)
        else:
            # Every session of the account has ended (reset.reset_password); so does whoever
            # was signed in on this browser: the holder signs in next.
            logout_user()
            flash("Your password is set. Sign in with it.", "success")
            return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    page = render_template("accounts/reset.html", form=form, user=user)
    return _no_store(current_app.make_response((page, status)))
