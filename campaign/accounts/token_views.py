"""Thin views: a user's own API tokens (`/account/tokens`, anyone signed in) and an admin's
view of another user's tokens (`/users/<id>/tokens/…`, admin only; see guard.RULES)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from campaign import clock
from campaign.accounts import bp, tokens
from campaign.accounts.admin import get_user
from campaign.audit.recording import record
from campaign.common.forms import enum_choices, single_line, strip
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import ApiScope, ApiToken, AuditKind, User


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Say what the token is for."),
            Length(max=100),
            single_line,
        ],
        filters=[strip],
        description="What it is for, e.g. “weekly figures script”.",
    )
    scope = SelectField(
        "Scope",
        choices=enum_choices(ApiScope),
        default=ApiScope.READ.value,
        description="Read and write needs the editor role; a token never does more than you may.",
    )
    expires_days = IntegerField(
        "Expires after (days)",
        validators=[Optional(), NumberRange(min=1, max=tokens.MAX_EXPIRES_DAYS)],
        description="Leave blank for a token that lasts until you revoke it.",
    )


def _no_store(page, status: int = 200):
    """A page that may hold a plain token is never cached."""
    response = current_app.make_response((page, status))
    response.headers["Cache-Control"] = "no-store"
    return response


def _audit(kind: AuditKind, token: ApiToken, owner: User) -> None:
    record(
        kind,
        subject=f"token {token.prefix}…",
        detail={"owner": owner.email, "name": token.name, "scope": token.scope.value},
    )


def _page(
    form: TokenForm, status: int = 200, plain: str | None = None, new: ApiToken | None = None
):
    user = current_user._get_current_object()
    page = render_template(
        "accounts/tokens.html",
        form=form,
        tokens=tokens.tokens_of(get_session(), user),
        token_state=tokens.state,
        now=clock.now(),
        plain=plain,
        new=new,
        revoke_url=lambda token: url_for("accounts.tokens_revoke", token_id=token.id),
    )
    return _no_store(page, status)


@bp.get("/account/tokens")
def tokens_index():
    return _page(TokenForm())


@bp.post("/account/tokens")
def tokens_create():
    """Make a token and show it once, on this response (it is stored only as a hash)."""
    form = TokenForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            token, plain = tokens.create_token(
                get_session(),
                user,
                form.name.data,
                ApiScope(form.scope.data),
                form.expires_days.data,
            )
        except ServiceError as error:
            error.attach(form)
        else:
            _audit(AuditKind.TOKEN_CREATED, token, user)
            return _page(TokenForm(formdata=None), plain=plain, new=token)
    return _page(form, status=422)


@bp.post("/account/tokens/<int:token_id>/revoke")
def tokens_revoke(token_id: int):
    user = current_user._get_current_object()
    token = tokens.token_of(get_session(), user, token_id)
    if token is None:
        abort(404)
    if tokens.revoke(get_session(), token):
        _audit(AuditKind.TOKEN_REVOKED, token, user)
    flash(f"Revoked the token “{token.name}” ({token.prefix}…).", "success")
    return redirect(url_for("accounts.tokens_index"))


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
def users_token_revoke(user_id: int, token_id: int):
    """An admin revokes another user's token, from that user's page."""
    session = get_session()
    owner = get_user(session=session, user_id=user_id)
    token = tokens.token_of(session, owner, token_id) if owner is not None else None
    if owner is None or token is None:
        abort(404)
    if tokens.revoke(session, token):
        _audit(AuditKind.TOKEN_REVOKED, token, owner)
    flash(f"Revoked {owner.email}’s token “{token.name}” ({token.prefix}…).", "success")
    return redirect(url_for("accounts.users_edit", user_id=owner.id))
