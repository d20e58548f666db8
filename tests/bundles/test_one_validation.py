"""Every door validates the same way (issue 13): values the forms refuse are refused by a
bundle too, in the bundle's words and located; and whatever a bundle stores, the API (which
validates through the same forms) accepts back unchanged."""

from __future__ import annotations

import pytest
import yaml
from sqlmodel import select

from campaign.api.writes import writable
from campaign.bundles.errors import BundleInvalid
from campaign.bundles.loading import load_bundle, validate
from tests.bundles.conftest import row_counts

HEADER = {"format": "campaign-bundle", "version": 1}
MILESTONE = {"key": "m", "title": "M", "date": "2026-07", "kind": "event"}
ASK = {"slug": "a", "title": "A"}
STATISTIC = {"key": "s", "label": "S", "value": "1", "unit": "count"}


def _errors(section: str, row: dict) -> list[str]:
    _bundle, errors = validate({**HEADER, section: [row]})
    return [str(e) for e in errors]


@pytest.mark.parametrize(
    ("section", "row", "expected"),
    [
        (  # the example: the form's e-mail check refuses a reserved domain
            "asks",
            {"slug": "a", "title": "A", "owner_email": "owner0@x.test"},
            "asks[0].owner_email: not an email address",
        ),
        ("asks", {"slug": "a", "title": "   "}, "asks[0].title: must not be empty"),
        (
            "asks",
            {"slug": "a--b", "title": "A"},
            "asks[0].slug: use lowercase letters, digits and single hyphens",
        ),
        (
            "asks",
            {"slug": "a", "title": "A", "tags": [f"tag-{i:03d}" for i in range(120)]},
            "asks[0].tags: too long: at most 1000 characters",
        ),
        (
            "organisations",
            {"key": "o", "name": "O", "kind": "regulator", "website": "javascript:alert(1)"},
            "organisations[0].website: enter a web address starting http:// or https://",
        ),
        (
            "sources",
            {"key": "s", "title": "T", "kind": "report", "url": "https://localhost/report"},
            "sources[0].url: enter a full web address, e.g. https://www.gov.uk/…",
        ),
        (
            "milestones",
            {**MILESTONE, "done": {"at": "2026-07-01T10:00:00", "url": "javascript://x.test/"}},
            "milestones[0].done.url: enter a web address starting http:// or https://",
        ),
        (
            "milestones",
            {**MILESTONE, "done": {"at": "2026-07-01T10:00:00", "note": "n" * 1001}},
            "milestones[0].done.note: too long: at most 1000 characters",
        ),
        (  # 60 different offsets: 169 characters as stored, more than the form's 100
            "milestones",
            {**MILESTONE, "reminders": ", ".join(str(days) for days in range(60))},
            "milestones[0].reminders: too long: at most 100 characters",
        ),
        (
            "statistics",
            {**STATISTIC, "value": "0." + "0" * 28 + "1"},
            "statistics[0].value: too many digits: at most 28",
        ),
        (  # the form would make it two tags
            "asks",
            {"slug": "a", "title": "A", "tags": ["encryption", "grooming, sextortion"]},
            "asks[0].tags[1]: one tag per item: a tag cannot contain a comma",
        ),
        (
            "asks",
            {"slug": "a", "title": "A", "statistics": [{"statistic": "s", "note": "n" * 2001}]},
            "asks[0].statistics[0].note: too long: at most 2000 characters",
        ),
    ],
)
def test_the_bundle_refuses_what_the_form_refuses_in_its_own_words(section, row, expected):
    assert _errors(section, row) == [expected]


@pytest.mark.parametrize(
    ("section", "row"),
    [
        ("asks", {"slug": "a-b", "title": "A", "owner_email": "policy@example.org"}),
        ("asks", {"slug": "a", "title": "A", "tags": ["encryption", "illegal harms"]}),
        ("organisations", {"key": "o", "name": "O", "kind": "regulator", "website": ""}),
        ("sources", {"key": "s", "title": "T", "kind": "report", "url": "https://www.gov.uk/x"}),
        ("statistics", {**STATISTIC, "value": "1e5"}),  # exact: 100000, written out in full
        ("milestones", {**MILESTONE, "reminders": "28, 7, 1", "also_remind": "a@b.org"}),
    ],
)
def test_the_bundle_accepts_what_the_form_accepts(section, row):
    assert _errors(section, row) == []


def test_tags_are_stored_as_the_form_stores_them():
    bundle, errors = validate({**HEADER, "asks": [{**ASK, "tags": ["Illegal  HARMS codes"]}]})
    assert errors == []
    assert bundle.asks[0].tags == ["illegal harms codes"]  # asks.services.parse_tags


def test_two_spellings_of_one_tag_are_one_tag_listed_twice(session):
    text = yaml.safe_dump({**HEADER, "asks": [{**ASK, "tags": ["Encryption", "encryption"]}]})
    with pytest.raises(BundleInvalid) as raised:
        load_bundle(session, text)
    assert [e.loc for e in raised.value.errors] == [("asks", 0, "tags", 1)]


BUNDLE = """format: campaign-bundle
version: 1
asks:
  - slug: first
    title: First ask
    owner_email: owner0@example.org
  - slug: second
    title: Second ask
    owner_email: owner0@x.test
"""


def test_import_bundle_refuses_an_address_the_form_refuses_and_imports_nothing(
    runner, session, tmp_path
):
    path = tmp_path / "campaign.yaml"
    path.write_text(BUNDLE, encoding="utf-8")
    before = row_counts(session)
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code != 0
    assert "asks[1].owner_email: not an email address" in result.output
    assert row_counts(session) == before


def test_every_row_the_seed_bundle_stored_is_accepted_back_by_the_api(seeded, client, session):
    """PATCH {} sends each item back through its form unchanged: what the bundle door
    stored, the API door (the forms' rules) accepts."""
    patched = 0
    for entity in writable():
        for ident in session.exec(select(entity.key_column)).all():
            response = client.patch(f"/api/v1/{entity.plural}/{ident}", json={})
            assert response.status_code == 200, (entity.name, ident, response.get_json())
            patched += 1
    assert patched > 50
