"""The settings file (`.env`): where it is, loading it, and keeping a generated SECRET_KEY in it.

The file is `.env` in the project folder, or the one FLASK_ENV_FILE names: the variable that
Flask's own command line reads for its `--env-file` option, so `flask …` commands and the
gunicorn app read the same file. As with Flask's command line, a variable already set in the
environment wins over the file, and FLASK_SKIP_DOTENV=1 skips the default `.env`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path

import dotenv
from flask.helpers import get_load_dotenv

from campaign.settings import PROJECT_ROOT

ENV_FILE_VARIABLE = "FLASK_ENV_FILE"
EXAMPLE = PROJECT_ROOT / ".env.example"


def settings_file(environ: MutableMapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    named = environ.get(ENV_FILE_VARIABLE)
    return Path(named) if named else PROJECT_ROOT / ".env"


def load_settings_file() -> None:
    """Set the file's keys in `os.environ`, except those the environment already has."""
    if os.environ.get(ENV_FILE_VARIABLE) or get_load_dotenv():
        dotenv.load_dotenv(settings_file(), override=False, encoding="utf-8")


def ensure_secret_key(path: Path, environ: MutableMapping[str, str] | None = None) -> bool:
    """Make sure a SECRET_KEY outlives this process: unless the environment or the file at
    `path` has a non-empty one, write a new one into the file. A missing file is made first, as
    a copy of .env.example readable by its owner only (mode 0600). True when a key was written;
    a key is never replaced."""
    environ = os.environ if environ is None else environ
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(EXAMPLE.read_text(encoding="utf-8"))
    in_file = dotenv.dotenv_values(path, encoding="utf-8").get("SECRET_KEY")
    if environ.get("SECRET_KEY") or in_file:
        return False
    # set_key rewrites the file atomically, keeping its mode, and keeps every other line as is.
    dotenv.set_key(path, "SECRET_KEY", secrets.token_hex(32), quote_mode="never")
    return True
