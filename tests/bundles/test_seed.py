"""The seed campaign (data/seed-campaign.yaml) through the real CLI, and back out again."""

from __future__ import annotations

import pytest

from tests.bundles.conftest import row_counts, updated_ats
from tests.bundles.test_export import _export_from, _import_into
from tests.conftest import SEED_BUNDLE

pytestmark = pytest.mark.skipif(
    not SEED_BUNDLE.exists(), reason="data/seed-campaign.yaml not written yet"
)


def test_the_seed_reimports_as_unchanged(seeded, session, import_file):
    before_rows, before_times = row_counts(session), updated_ats(session)
    output = import_file(SEED_BUNDLE)
    assert "new" not in output and "updated" not in output
    assert row_counts(session) == before_rows and updated_ats(session) == before_times


def test_the_exported_seed_round_trips_byte_identical(
    seeded, session, import_file, export_text, second_app, tmp_path
):
    first = export_text()
    path = tmp_path / "seed-export.yaml"
    path.write_text(first, encoding="utf-8")

    # The export says exactly what is in the database: importing it changes nothing...
    output = import_file(path)
    assert "new" not in output and "updated" not in output
    # ...and into an empty database it rebuilds the same campaign, byte for byte.
    _import_into(second_app, path)
    assert _export_from(second_app) == first
