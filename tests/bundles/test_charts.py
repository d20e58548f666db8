"""A statistic's chart grouping (`chart`, `chart_label`) in bundles: exported only when set,
imported back exactly, and validated against the columns' lengths."""

from __future__ import annotations

from sqlmodel import Session, select

from campaign import models as m
from campaign.db import get_engine

CHART = "Child abuse image offences recorded by comparable police forces"
BUNDLE = f"""\
format: campaign-bundle
version: 1
statistics:
  - key: offences-2017-18
    label: Offences, 2017/18
    value: "17817"
    unit: count
    period: {{label: "2017/18"}}
    chart: "{CHART}"
  - key: snapchat-instances
    label: Instances involving Snapchat
    value: "4312"
    unit: count
    chart: Platforms
    chart_label: Snapchat
  - key: no-chart
    label: A figure drawn in no chart
    value: "35"
    unit: count
"""


def _rows(session: Session) -> dict[str, tuple[str, str]]:
    session.expire_all()
    return {s.key: (s.chart, s.chart_label) for s in session.exec(select(m.Statistic)).all()}


def test_chart_fields_import_and_export_only_when_set(session, import_file, export_text, tmp_path):
    path = tmp_path / "charts.yaml"
    path.write_text(BUNDLE, encoding="utf-8")
    import_file(path)
    assert _rows(session) == {
        "offences-2017-18": (CHART, ""),
        "snapchat-instances": ("Platforms", "Snapchat"),
        "no-chart": ("", ""),
    }

    text = export_text()
    blocks = {block.split("\n", 1)[0]: block for block in text.split("  - key: ")[1:]}
    assert f"    chart: {CHART}\n" in blocks["offences-2017-18"]
    assert "chart_label" not in blocks["offences-2017-18"]  # blank: left out, like any default
    assert "    chart: Platforms\n    chart_label: Snapchat\n" in blocks["snapchat-instances"]
    assert "    chart" not in blocks["no-chart"]


def test_chart_fields_round_trip_byte_identical(
    session, make, export_text, second_app, import_file, tmp_path
):
    make.statistic(key="a-2021", period_label="2021/22", chart="Offences: “trend” – £ & co")
    make.statistic(key="b-snap", chart="Platforms", chart_label="X (Twitter)")
    first = export_text()
    path = tmp_path / "first.yaml"
    path.write_text(first, encoding="utf-8")
    with second_app.app_context():
        result = second_app.test_cli_runner().invoke(args=["import-bundle", str(path)])
        assert result.exit_code == 0, result.output
        second = second_app.test_cli_runner().invoke(args=["export-bundle", "-"]).stdout
        with Session(get_engine()) as other:
            assert _rows(other) == {
                "a-2021": ("Offences: “trend” – £ & co", ""),
                "b-snap": ("Platforms", "X (Twitter)"),
            }
    assert second == first
    # Re-importing the export into the first database changes nothing.
    assert "updated" not in import_file(path)


def test_an_edited_chart_is_updated_and_a_removed_one_cleared(session, import_file, tmp_path):
    path = tmp_path / "charts.yaml"
    path.write_text(BUNDLE, encoding="utf-8")
    import_file(path)
    edited = BUNDLE.replace("    chart: Platforms\n    chart_label: Snapchat\n", "").replace(
        f'chart: "{CHART}"', 'chart: "Offences by year"'
    )
    path.write_text(edited, encoding="utf-8")
    assert "statistics 3 (2 updated, 1 unchanged)" in import_file(path)
    assert _rows(session)["offences-2017-18"] == ("Offences by year", "")
    assert _rows(session)["snapchat-instances"] == ("", "")


def test_an_over_long_chart_title_is_a_located_error(runner, session, tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(BUNDLE.replace("chart: Platforms", "chart: " + "x" * 121), encoding="utf-8")
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code != 0
    assert "statistics[1].chart: " in result.output
    assert _rows(session) == {}
