from dataclasses import fields
from pathlib import Path

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
