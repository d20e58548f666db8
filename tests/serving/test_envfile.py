"""The settings file and the SECRET_KEY kept in it (campaign/serving/envfile.py): generated once
by the first `make run`, kept, never replaced, and never written over a key the environment or
the file already has."""

from __future__ import annotations

import os
import stat

import dotenv
import pytest

from campaign.serving import envfile
from campaign.settings import PROJECT_ROOT

EXAMPLE = (PROJECT_ROOT / ".env.example").read_text()


def key_in(path) -> str | None:
    return dotenv.dotenv_values(path).get("SECRET_KEY")


def test_the_first_run_makes_the_file_from_the_example_with_a_strong_key(tmp_path):
    path = tmp_path / ".env"
    assert envfile.ensure_secret_key(path, environ={}) is True

    key = key_in(path)
    assert key is not None and len(key) == 64 and int(key, 16) >= 0  # 32 random bytes, in hex
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Every other line is the example's, as it was.
    assert path.read_text().replace(f"SECRET_KEY={key}\n", "SECRET_KEY=\n") == EXAMPLE


def test_the_key_is_kept_and_never_generated_again(tmp_path):
    path = tmp_path / ".env"
    envfile.ensure_secret_key(path, environ={})
    before = path.read_bytes()

    assert envfile.ensure_secret_key(path, environ={}) is False
    assert path.read_bytes() == before


def test_an_existing_file_without_a_key_gets_one_and_keeps_its_lines_and_mode(tmp_path):
    path = tmp_path / ".env"
    path.write_text("# mine\nPORT=8080\nSECRET_KEY=\nMAIL_FROM=Team <team@example.org>\n")
    path.chmod(0o640)

    assert envfile.ensure_secret_key(path, environ={}) is True

    key = key_in(path)
    assert len(key) == 64
    assert path.read_text() == (
        f"# mine\nPORT=8080\nSECRET_KEY={key}\nMAIL_FROM=Team <team@example.org>\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_key_in_the_file_is_never_replaced(tmp_path):
    path = tmp_path / ".env"
    path.write_text("SECRET_KEY=chosen-by-the-admin\n")

    assert envfile.ensure_secret_key(path, environ={"SECRET_KEY": ""}) is False
    assert path.read_text() == "SECRET_KEY=chosen-by-the-admin\n"


def test_a_key_in_the_environment_is_respected(tmp_path):
    path = tmp_path / ".env"
    assert envfile.ensure_secret_key(path, environ={"SECRET_KEY": "from-the-service"}) is False
    # The file is still made (flask --env-file needs it), but holds no key of its own.
    assert path.read_text() == EXAMPLE
    assert key_in(path) == ""


def test_the_settings_file_is_env_in_the_project_unless_flask_env_file_names_another(tmp_path):
    assert envfile.settings_file({}) == PROJECT_ROOT / ".env"
    named = tmp_path / "campaign.env"
    assert envfile.settings_file({"FLASK_ENV_FILE": str(named)}) == named


@pytest.fixture
def environment(monkeypatch):
    """os.environ, restored after the test (loading the file writes into it)."""
    for name in ("FLASK_ENV_FILE", "FLASK_SKIP_DOTENV", "SECRET_KEY", "PORT", "MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    saved = dict(os.environ)
    yield monkeypatch
    os.environ.clear()
    os.environ.update(saved)


def test_loading_the_file_leaves_what_the_environment_already_has(tmp_path, environment):
    path = tmp_path / "campaign.env"
    path.write_text("SECRET_KEY=from-the-file\nPORT=8080\nMAIL_FROM=Team <team@example.org>\n")
    environment.setenv("FLASK_ENV_FILE", str(path))
    environment.setenv("PORT", "5731")

    envfile.load_settings_file()

    assert os.environ["SECRET_KEY"] == "from-the-file"
    assert os.environ["MAIL_FROM"] == "Team <team@example.org>"
    assert os.environ["PORT"] == "5731"  # `make run PORT=5731` wins over the file


def test_flask_skip_dotenv_skips_the_projects_env(tmp_path, environment):
    (tmp_path / ".env").write_text("SECRET_KEY=from-the-project-file\n")
    environment.setattr(envfile, "PROJECT_ROOT", tmp_path)

    environment.setenv("FLASK_SKIP_DOTENV", "1")
    envfile.load_settings_file()
    assert "SECRET_KEY" not in os.environ

    environment.delenv("FLASK_SKIP_DOTENV")
    envfile.load_settings_file()
    assert os.environ["SECRET_KEY"] == "from-the-project-file"
