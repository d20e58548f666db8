"""The published JSON Schema matches the importer's models and accepts real bundles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from campaign.bundles.cli import schema_text
from tests.bundles.conftest import fixture
from tests.conftest import SEED_BUNDLE

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "bundle.schema.json"


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _as_json(path: str | Path):
    """The YAML file as a JSON document, the way an editor's schema checker sees it."""
    return json.loads(json.dumps(yaml.safe_load(Path(path).read_text("utf-8")), default=str))


def test_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "docs/bundle.schema.json is stale: run `make schema`"
    )


def test_bundle_schema_command_writes_it(runner, tmp_path):
    path = tmp_path / "schema.json"
    result = runner.invoke(args=["bundle-schema", str(path)])
    assert result.exit_code == 0, result.output
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Campaign bundle" and schema["description"]
    assert schema["required"] == ["format", "version"]


def test_the_fixture_bundle_is_valid():
    errors = list(_validator().iter_errors(_as_json(fixture("small.yaml"))))
    assert errors == []


@pytest.mark.skipif(not SEED_BUNDLE.exists(), reason="data/seed-campaign.yaml not written yet")
def test_the_seed_bundle_is_valid():
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in _validator().iter_errors(_as_json(SEED_BUNDLE))
    ]
    assert errors == []


def test_the_schema_catches_what_the_importer_refuses():
    problems = {
        (tuple(e.absolute_path), e.validator)
        for e in _validator().iter_errors(_as_json(fixture("many-errors.yaml")))
    }
    assert problems == {
        (("organisations", 2, "kind"), "enum"),
        (("statistics", 0), "additionalProperties"),
        (("statistics", 0, "value"), "anyOf"),
        (("responses", 0, "asks", 0, "position"), "enum"),
    }
