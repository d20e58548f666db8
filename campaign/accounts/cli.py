"""`create-user`, `ensure-admin`, `reset-link` and `create-token`: accounts from the command
line (trusted, like the database). None prints a password it was given; `ensure-admin` prints
the one it makes, and `create-token` the token it makes, once."""

from __future__ import annotations

import secrets
import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from campaign.accounts import services, tokens
from campaign.common.services import ServiceError
from campaign.common.text import click_single_line
from campaign.db import session_scope
from campaign.models import ApiScope, AuditKind, UserRole

FIRST_ADMIN_EMAIL = "admin@localhost"


@click.command("create-user")
@with_appcontext
@click.argument("email", callback=click_single_line)
@click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
@click.option(
    "--name",
    default="",
    callback=click_single_line,
    help="The person's name, as shown in the app.",
)
@click.option("--clearance", is_flag=True, help="Cleared to read restricted evidence.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
def create_user_command(
    email: str, role: str, name: str, clearance: bool, password_stdin: bool
) -> None:
    """Create an account that signs in with EMAIL (asks for its password twice)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as session:
            user = services.create_user(
                session=session,
                email=email,
                role=UserRole(role),
                password=password,
                name=name,
                clearance=clearance,
            )
            summary = f"Created {user.email} ({user.role.label.lower()}"
            summary += ", cleared for restricted evidence)." if clearance else ")."
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    click.echo(summary)


@click.command("ensure-admin")
@with_appcontext
@click.option("--email", default=FIRST_ADMIN_EMAIL, show_default=True, callback=click_single_line)
def ensure_admin_command(email: str) -> None:
    """On a database with no accounts at all, create an admin with a random password and print
    it once. Does nothing when any account exists (make run calls it on every start)."""
    with session_scope() as session:
        if services.count_users(session):
            return
        password = secrets.token_urlsafe(18)
        services.create_user(
            session=session,
            email=email,
            role=UserRole.ADMIN,
            password=password,
            name="Administrator",
            clearance=True,
        )
    click.echo("=" * 72)
    click.echo("Created the first administrator. This password is shown ONCE:")
    click.echo(f"  e-mail:   {email}")
    click.echo(f"  password: {password}")
    click.echo("Sign in and change it at /account/password.")
    click.echo("=" * 72)


@click.command("reset-link")
@with_appcontext
@click.argument("email")
def reset_link_command(email: str) -> None:
    """Print a one-time password reset link for EMAIL's account, to hand to its holder."""
    from flask import current_app

    from campaign import clock
    from campaign.accounts import reset

    with session_scope() as session:
        user = services.find_user(session, email)
        if user is None:
            raise click.ClickException(
                f"There is no account for {services.normalise_email(email)}."
            )
        config = current_app.config
        token = reset.make_token(user, secret_key=config["SECRET_KEY"], now=clock.now())
        link = reset.reset_url(token, config["PUBLIC_BASE_URL"])
        hours = config["RESET_LINK_HOURS"]
    click.echo(f"Password reset link for {user.email} (works once, for {hours} hours):")
    click.echo(f"  {link}")


SCOPES = {"read": ApiScope.READ, "read-write": ApiScope.READ_WRITE}


@click.command("create-token")
@with_appcontext
@click.argument("email")
@click.option("--scope", type=click.Choice(list(SCOPES)), default="read", show_default=True)
@click.option(
    "--name",
    default="command line",
    show_default=True,
    callback=click_single_line,
    help="What it is for.",
)
@click.option(
    "--expires-days",
    type=click.IntRange(1, tokens.MAX_EXPIRES_DAYS),
    default=None,
    help="Days until it stops working (default: until revoked).",
)
def create_token_command(email: str, scope: str, name: str, expires_days: int | None) -> None:
    """Create a personal access token for EMAIL's account and print it, once."""
    from campaign.audit.recording import record

    try:
        with session_scope() as session:
            user = services.find_user(session, email)
            if user is None:
                raise ServiceError(f"There is no account for {services.normalise_email(email)}.")
            token, plain = tokens.create_token(
                session, user, name, SCOPES[scope], expires_days=expires_days
            )
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    record(
        AuditKind.TOKEN_CREATED,
        user=user,
        subject=f"token {token.prefix}…",
        detail={"owner": user.email, "name": token.name, "scope": token.scope.value},
    )
    expiry = f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else "no expiry"
    click.echo(f"Token for {user.email} ({token.scope.label.lower()}, {expiry}), shown ONCE:")
    click.echo(f"  {plain}")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(ensure_admin_command)
    app.cli.add_command(reset_link_command)
    app.cli.add_command(create_token_command)
