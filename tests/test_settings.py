import socket
from dataclasses import fields
from pathlib import Path

import pytest

from campaign.settings import Settings

ENV_EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"


def test_env_example_lists_every_setting():
    listed = {
        line.split("=", 1)[0]
        for line in ENV_EXAMPLE.read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert listed == {f.name for f in fields(Settings)}


def test_settings_parse_types_and_generate_a_secret_when_unset():
    settings = Settings.from_env({"PER_PAGE": "10", "SQL_ECHO": "true", "SECRET_KEY": ""})
    assert settings.PER_PAGE == 10
    assert settings.SQL_ECHO is True
    assert len(settings.SECRET_KEY) == 64
    assert settings.DATABASE_URL.startswith("sqlite:////")


def test_a_missing_secret_key_is_random_per_process_with_a_warning(caplog):
    first = Settings.from_env({})
    second = Settings.from_env({})
    assert first.SECRET_KEY != second.SECRET_KEY
    assert "SECRET_KEY is not set" in caplog.text

    caplog.clear()
    assert Settings.from_env({"SECRET_KEY": "kept"}).SECRET_KEY == "kept"
    assert caplog.text == ""


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "http://127.0.0.1:5000"),
        ({"PORT": "5731"}, "http://127.0.0.1:5731"),
        ({"HOST": "localhost", "PORT": "8080"}, "http://localhost:8080"),
        ({"HOST": "::1"}, "http://[::1]:5000"),
        ({"HOST": "0.0.0.0", "PORT": "8080"}, f"http://{socket.gethostname()}:8080"),
        ({"HOST": "::"}, f"http://{socket.gethostname()}:5000"),
        ({"PUBLIC_BASE_URL": "", "PORT": "5731"}, "http://127.0.0.1:5731"),
        (
            {"PUBLIC_BASE_URL": "https://campaign.example.org", "PORT": "5731"},
            "https://campaign.example.org",
        ),
    ],
)
def test_public_base_url_follows_host_and_port_unless_set(environ, expected):
    url = Settings.from_env({"SECRET_KEY": "x", **environ}).PUBLIC_BASE_URL
    assert url == expected
