"""`create-user` and `ensure-admin` through the real CLI runner."""

from sqlmodel import select

from campaign.accounts.services import password_matches
from campaign.models import User, UserRole
from tests.accounts.helpers import submit_login

PASSWORD = "a long enough passphrase"


def users(session):
    session.expire_all()
    return session.exec(select(User).order_by(User.id)).all()


def test_create_user_prompts_twice_and_prints_nothing_secret(runner, session):
    result = runner.invoke(
        args=["create-user", "Ann@Example.org", "--role", "editor", "--name", "Ann", "--clearance"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert "Created ann@example.org (editor, cleared for restricted evidence)." in result.output
    (user,) = users(session)
    assert (user.email, user.name, user.role, user.restricted_clearance) == (
        "ann@example.org",
        "Ann",
        UserRole.EDITOR,
        True,
    )
    assert user.password_hash.startswith("$argon2") and password_matches(user, PASSWORD)


def test_create_user_reads_the_password_from_stdin(app, runner, anonymous_client):
    result = runner.invoke(
        args=["create-user", "bob@example.org", "--role", "viewer", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created bob@example.org (viewer)." in result.output
    assert submit_login(anonymous_client, "bob@example.org", PASSWORD).status_code == 302


def test_create_user_refuses_short_passwords_and_duplicates(runner, session):
    short = runner.invoke(
        args=["create-user", "c@example.org", "--role", "viewer", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    args = ["create-user", "c@example.org", "--role", "viewer", "--password-stdin"]
    assert runner.invoke(args=args, input=PASSWORD + "\n").exit_code == 0
    again = runner.invoke(args=args, input=PASSWORD + "\n")
    assert again.exit_code == 1 and "already an account" in again.output
    bad_role = runner.invoke(args=["create-user", "d@example.org", "--role", "owner"])
    assert bad_role.exit_code == 2
    assert [u.email for u in users(session)] == ["c@example.org"]


def test_ensure_admin_makes_the_first_admin_once(runner, session, anonymous_client):
    first = runner.invoke(args=["ensure-admin"])
    assert first.exit_code == 0, first.output
    password = first.output.split("password: ")[1].split()[0]
    assert len(password) >= 20
    (admin,) = users(session)
    assert admin.role is UserRole.ADMIN and admin.restricted_clearance
    assert submit_login(anonymous_client, admin.email, password).status_code == 302
    second = runner.invoke(args=["ensure-admin"])
    assert second.exit_code == 0 and second.output == ""  # idempotent, nothing printed again
    assert len(users(session)) == 1


def test_ensure_admin_does_nothing_when_any_account_exists(runner, session, make_app):
    runner.invoke(
        args=["create-user", "v@example.org", "--role", "viewer", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    result = runner.invoke(args=["ensure-admin"])
    assert result.exit_code == 0 and result.output == ""
    assert [u.role for u in users(session)] == [UserRole.VIEWER]


def test_run_script_bootstraps_the_first_admin_after_the_seed():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "scripts" / "run.sh").read_text()
    assert script.index("import-bundle --if-empty") < script.index('flask" ensure-admin')
