"""Schema errors in the words of docs/bundles.md, and the YAML reader's exactness (no DB)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from campaign.bundles import yaml_io
from campaign.bundles.loading import validate
from campaign.models.enums import DatePrecision

HEADER = {"format": "campaign-bundle", "version": 1}
STATISTIC = {"key": "s", "label": "S", "value": "1", "unit": "count"}


def _errors(section: str, row: dict) -> list[str]:
    _bundle, errors = validate({**HEADER, section: [row]})
    return [str(e) for e in errors]


@pytest.mark.parametrize(
    ("section", "row", "expected"),
    [
        ("sources", {"title": "T", "kind": "report"}, "sources[0].key: required"),
        (
            "sources",
            {"key": "Ofcom Report", "title": "T", "kind": "report"},
            "sources[0].key: must be lowercase letters, digits and hyphens",
        ),
        (
            "sources",
            {"key": "a" * 121, "title": "T", "kind": "report"},
            "sources[0].key: too long: at most 120 characters",
        ),
        (
            "sources",
            {"key": "a", "title": "", "kind": "report"},
            "sources[0].title: must not be empty",
        ),
        (
            "sources",
            {"key": "a", "title": ["T"], "kind": "report"},
            "sources[0].title: must be text",
        ),
        (
            "sources",
            {"key": "a", "title": "T", "kind": "report", "published_on": "9/8/2024"},
            "sources[0].published_on: use an ISO date, YYYY-MM-DD",
        ),
        (
            "sources",
            {"key": "a", "title": "T", "kind": "report", "published_on": "2024-02-30"},
            "sources[0].published_on: not a real date: 2024-02-30",
        ),
        (
            "sources",
            {"key": "a", "title": "T", "kind": "report", "published_on": datetime(2024, 1, 1)},
            "sources[0].published_on: use an ISO date, YYYY-MM-DD",
        ),
        ("statistics", {**STATISTIC, "value": True}, "statistics[0].value: not a number"),
        ("statistics", {**STATISTIC, "value": 0.5}, "statistics[0].value: not a number"),
        ("statistics", {**STATISTIC, "value": ".nan"}, "statistics[0].value: not a number"),
        ("statistics", {**STATISTIC, "value": "Infinity"}, "statistics[0].value: not a number"),
        (
            "statistics",
            {**STATISTIC, "value": "1e999999999"},
            "statistics[0].value: too many digits: at most 48 characters",
        ),
        (
            "statistics",
            {**STATISTIC, "value": "0." + "0" * 46 + "1"},
            "statistics[0].value: too many digits: at most 48 characters",
        ),
        (
            "statistics",
            {**STATISTIC, "value": "1." + "0" * 27 + "1"},
            "statistics[0].value: too many digits: at most 28 significant digits",
        ),
        (
            "statistics",
            {**STATISTIC, "period": {"label": "2023", "from": "x"}},
            "statistics[0].period.from: unknown field; expected one of label, start, end",
        ),
        (
            "milestones",
            {"key": "m", "title": "M", "kind": "event", "date": "2026-13"},
            "milestones[0].date: not a real date: 2026-13",
        ),
        (
            "milestones",
            {"key": "m", "title": "M", "kind": "event", "date": "July 2026"},
            "milestones[0].date: use YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (
            "evidence",
            {"key": "e", "title": "E", "kind": "quote", "composite": "perhaps"},
            "evidence[0].composite: must be true or false",
        ),
        (
            "asks",
            {"slug": "a", "title": "A", "owner_email": "policy team"},
            "asks[0].owner_email: not an email address",
        ),
        (
            "asks",
            {"slug": "a", "title": "A", "statistics": ["s"]},
            "asks[0].statistics[0]: must be a mapping of field: value",
        ),
        (
            "asks",
            {"slug": "a", "title": "A", "statistics": [{"statistic": "s", "rank": 1}]},
            "asks[0].statistics[0].rank: unknown field; expected one of statistic, note",
        ),
        (
            "responses",
            {
                "key": "r",
                "title": "R",
                "organisation": "o",
                "date": date(2024, 1, 1),
                "channel": "letter",
                "asks": [{"ask": "a"}],
            },
            "responses[0].asks[0].position: required",
        ),
    ],
)
def test_schema_errors_are_located_and_readable(section, row, expected):
    assert _errors(section, row) == [expected]


def test_a_bundle_with_every_form_of_value_is_read_exactly():
    raw = yaml_io.parse(
        "format: campaign-bundle\nversion: 1\n"
        "statistics: [{key: 2024, label: 2024, value: 0.10, unit: count}]\n"
        "milestones:\n"
        "  - {key: a, title: A, kind: event, date: 2023-10-26}\n"
        "  - {key: b, title: B, kind: event, date: 2026-07}\n"
        "  - {key: c, title: C, kind: event, date: 2027}\n"
        "asks: [{slug: a, title: A, owner_email: '', tags: [yes-no]}]\n"
    )
    bundle, errors = validate(raw)
    assert errors == []
    statistic = bundle.statistics[0]
    assert (statistic.key, statistic.label, statistic.value) == ("2024", "2024", Decimal("0.10"))
    assert [m.date for m in bundle.milestones] == [
        (date(2023, 10, 26), DatePrecision.DAY),
        (date(2026, 7, 1), DatePrecision.MONTH),
        (date(2027, 1, 1), DatePrecision.YEAR),
    ]
    assert bundle.asks[0].owner_email is None  # blank counts as absent, as in the forms


def test_yaml_numbers_keep_their_written_digits():
    assert yaml_io.parse("a: 0.1\nb: 12.50\nc: 1_000\nd: 012\ne: 0x1F\nf: .inf\ng: -3") == {
        "a": Decimal("0.1"),
        "b": Decimal("12.50"),
        "c": 1000,
        "d": "012",
        "e": "0x1F",
        "f": ".inf",
        "g": -3,
    }


@pytest.mark.parametrize(
    "text",
    [
        "one line",
        "two\nlines\n",
        "no final newline\nhere",
        "ends in blank lines\n\n",
        "  indented first line\nsecond\n",
        "trailing space \nnext\n",
        "£ “quotes” – é 🙂",
        "yes",
        "2024-01-01",
        "",
    ],
)
def test_written_text_reads_back_the_same(text):
    data = {"organisations": [{"notes": text}, {"notes": text}]}
    assert yaml_io.parse(yaml_io.dump(data)) == data


def test_multi_line_text_is_written_as_a_block():
    written = yaml_io.dump({"organisations": [{"key": "a", "notes": "one\ntwo\n"}, {"key": "b"}]})
    assert written == (
        "organisations:\n  - key: a\n    notes: |\n      one\n      two\n\n  - key: b\n"
    )
