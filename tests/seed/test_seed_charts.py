"""The seed's chart groups: which figures are drawn together, and with which bar labels.

Plain PyYAML against the seed file and the press release kept in `fixtures/`, like
test_seed_content.py; the last test imports the seed and reads the rows back.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml
from sqlmodel import select

from campaign import models as m
from tests.seed.test_seed_content import BUNDLE_PATH, PRESS_RELEASE

OFFENCES = "Child abuse image offences recorded by comparable police forces"
PLATFORMS = "Platforms in police-identified child abuse image instances, 2022/23"
# In the order the release lists them (footnote 4), with the release's names.
PLATFORM_LABELS = {
    "platform-snapchat-instances": "Snapchat",
    "platform-instagram-instances": "Instagram",
    "platform-facebook-instances": "Facebook (incl. Messenger)",
    "platform-whatsapp-instances": "WhatsApp",
    "platform-kik-instances": "Kik",
    "platform-tiktok-instances": "TikTok",
    "platform-twitter-x-instances": "Twitter/X",
    "platform-youtube-instances": "YouTube",
}


@pytest.fixture(scope="module")
def statistics() -> list[dict]:
    with BUNDLE_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)["statistics"]


def charted(statistics: list[dict], title: str) -> list[dict]:
    return [s for s in statistics if s.get("chart") == title]


def test_only_the_two_seed_charts_exist(statistics):
    assert {s["chart"] for s in statistics if s.get("chart")} == {OFFENCES, PLATFORMS}


def test_comparable_forces_chart_is_the_three_years_by_period(statistics):
    members = charted(statistics, OFFENCES)
    assert [s["key"] for s in members] == [
        "offences-comparable-forces-2017-18",
        "offences-comparable-forces-2021-22",
        "offences-comparable-forces-2022-23",
    ]
    # Bars are labelled by their periods, which must be distinct.
    assert all(not s.get("chart_label") for s in members)
    assert [s["period"]["label"] for s in members] == ["2017/18", "2021/22", "2022/23"]
    assert [s["value"] for s in members] == ["17817", "25582", "31892"]  # footnote 3
    assert {s["unit"] for s in members} == {"count"}


def test_platform_chart_is_the_eight_platform_counts_not_the_total(statistics):
    members = charted(statistics, PLATFORMS)
    assert {s["key"]: s["chart_label"] for s in members} == PLATFORM_LABELS
    assert "platform-identified-instances" not in {s["key"] for s in members}
    assert {s["unit"] for s in members} == {"count"}
    # One chart, one period: all eight are 2022/23, and they add up to the 8,448 the seed's
    # caveat on the total says the eight listed platforms account for.
    assert {s["period"]["label"] for s in members} == {"2022/23"}
    assert sum(Decimal(s["value"]) for s in members) == 8448


def test_platform_bar_labels_are_the_release_names(statistics):
    text = PRESS_RELEASE.read_text(encoding="utf-8")
    results = next(line for line in text.splitlines() if "Police disclosed the platform" in line)
    for stat in charted(statistics, PLATFORMS):
        name = re.sub(r" \(.*\)$", "", stat["chart_label"])  # "Facebook (incl. Messenger)"
        # The whole name as a list item: "…(12%), Facebook 852", "…included Kik 494".
        item = rf"(?:Of these|,|and|included) {re.escape(name)} (?:was flagged )?"
        assert re.search(item + f"{int(stat['value']):,} ", results), name
        assert name in stat["label"]


def test_chart_fields_fit_their_columns(statistics):
    for stat in statistics:
        assert len(stat.get("chart", "")) <= 120 and len(stat.get("chart_label", "")) <= 80


def test_imported_seed_has_the_chart_groups(seeded, session):
    rows = session.exec(select(m.Statistic).where(m.Statistic.chart != "")).all()
    groups: dict[str, list[m.Statistic]] = {}
    for row in rows:
        groups.setdefault(row.chart, []).append(row)
    assert {title: len(members) for title, members in groups.items()} == {
        OFFENCES: 3,
        PLATFORMS: 8,
    }
    labels = {row.key: row.chart_label for row in groups[PLATFORMS]}
    assert labels == PLATFORM_LABELS
