"""A statistic's chart grouping in the API: `chart` and `chart_label`, blank when unset."""

from __future__ import annotations


def test_a_statistic_carries_its_chart_and_bar_label(get, make):
    make.statistic(key="snap", chart="Platforms, 2022/23", chart_label="Snapchat")
    make.statistic(key="plain")

    body = get("/api/v1/statistics/snap")
    assert (body["chart"], body["chart_label"]) == ("Platforms, 2022/23", "Snapchat")
    plain = get("/api/v1/statistics/plain")
    assert (plain["chart"], plain["chart_label"]) == ("", "")
    listed = {s["key"]: s for s in get("/api/v1/statistics")["items"]}
    assert listed["snap"]["chart"] == "Platforms, 2022/23"
    assert listed["snap"]["chart_label"] == "Snapchat"


def test_the_seed_platform_chart_in_the_api(seeded, get):
    body = get("/api/v1/statistics/platform-facebook-instances")
    assert body["chart"] == "Platforms in police-identified child abuse image instances, 2022/23"
    assert body["chart_label"] == "Facebook (incl. Messenger)"
    assert body["value"] == "852"  # the figure itself is unchanged
