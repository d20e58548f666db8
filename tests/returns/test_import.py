"""Importing returns: all or nothing, idempotent, corrections replace, statistics re-aggregated."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.returns import syncing
from campaign.returns.errors import ReturnsInvalid
from campaign.returns.importer import apply_import, preview_import
from campaign.statistics import derived
from tests.returns import data
from tests.returns.conftest import fixture_bytes, row_counts, statistics

NOW = datetime(2024, 2, 1, 10, 0, tzinfo=UTC)
KEY = "returns-nspcc-foi"


def run(session, source, content: bytes, filename: str = "good.csv", *, now=NOW):
    result = apply_import(
        session=session,
        source=source,
        filename=filename,
        data=content,
        imported_by="Sam",
        now=now,
    )
    session.commit()
    return result


def test_the_good_file_reproduces_the_published_totals_and_coverage(session, foi):
    result = run(session, foi, fixture_bytes("good.csv"))

    assert result.summary() == (
        "135 rows (135 new, 0 replaced, 0 unchanged); statistics: 22 created, 0 updated, "
        "0 unchanged"
    )
    stats = statistics(session, "nspcc-foi")
    total = stats[f"{KEY}-offences-2022-23"]
    assert total.value == Decimal("33226")
    assert total.label == "Offences recorded by the 35 forces providing usable data, 2022/23"
    assert total.coverage.startswith(
        "35 of 45 forces asked provided usable data for 2022/23; no usable data from: "
        "Dyfed-Powys Police, Gwent Police, "
    )
    assert total.coverage.count(", ") == 9
    assert total.geography == "UK (forces providing usable data)"
    assert total.basis == "Sum of 35 forces' returns (imported good.csv on 1 February 2024)"
    assert (total.period_label, str(total.period_start), str(total.period_end)) == (
        "2022/23",
        "2022-04-01",
        "2023-03-31",
    )
    assert total.source_id == foi.id and total.unit == m.StatisticUnit.COUNT
    assert stats[f"{KEY}-forces-2022-23"].value == 35
    assert stats[f"{KEY}-forces-2021-22"].value == 32

    pair = f"{KEY}-comparable-2021-22-2022-23"
    before, after = stats[f"{pair}-offences-2021-22"], stats[f"{pair}-offences-2022-23"]
    assert (before.value, after.value) == (25582, 31892)
    assert after.coverage.startswith(
        "30 forces supplied usable figures for both 2021/22 and 2022/23 (comparable forces). "
        "Left out for lack of usable figures in one or more of these periods: "
    )
    assert (
        before.chart
        == after.chart
        == ("Offences recorded by the 30 forces with usable data for both 2021/22 and 2022/23")
    )
    assert (before.chart_label, after.chart_label) == ("2021/22", "2022/23")
    everything = [
        stats[f"{KEY}-comparable-all-offences-{p}"] for p in ("2017-18", "2021-22", "2022-23")
    ]
    assert [s.value for s in everything] == [17817, 25582, 31892]
    assert everything[0].coverage.startswith(
        "30 forces supplied usable figures for all of 2017/18, 2021/22 and 2022/23"
    )

    rise = stats[f"{pair}-change"]
    assert rise.unit == m.StatisticUnit.PERCENT and rise.value == Decimal("24.7")
    assert rise.formula == m.StatisticFormula.PERCENT_CHANGE
    assert rise.computed_value == Decimal("24.665780627")
    assert [link.input.key for link in rise.inputs] == [before.key, after.key]
    assert rise.period_label == "2021/22 to 2022/23"
    assert stats[f"{KEY}-comparable-all-change-2017-18-2022-23"].value == 79

    snapchat = stats[f"{KEY}-platform-snapchat-2022-23"]
    assert snapchat.value == 4312
    assert snapchat.chart == "Platforms named in offences recorded, 2022/23"
    assert snapchat.chart_label == "Snapchat"
    assert "do not add up" in snapchat.coverage
    assert stats[f"{KEY}-platform-instagram-2022-23"].chart == snapchat.chart
    assert all(s.chart for s in stats.values())

    assert row_counts(session)["force_returns"] == 135
    record = session.exec(select(m.ReturnImport)).one()
    assert (record.filename, record.rows, record.imported_by) == ("good.csv", 135, "Sam")
    assert len(record.sha256) == 64
    avon = session.exec(
        select(m.ForceReturn).where(
            m.ForceReturn.force == "Avon and Somerset Constabulary",
            m.ForceReturn.period_label == "2022/23",
        )
    ).one()
    assert avon.import_id == record.id and avon.row_number == 2 + 2 * 45
    written = next(
        r for r in data.returns() if r["force"] == avon.force and r["period"] == "2022/23"
    )
    assert {p.platform: p.count for p in avon.platforms} == written["platforms"]
    assert set(written["platforms"]) == {"Snapchat", "Instagram"}


def test_percent_changes_are_what_the_derived_statistics_service_makes(session, foi):
    run(session, foi, fixture_bytes("good.csv"))
    rise = statistics(session, "nspcc-foi")[f"{KEY}-comparable-2021-22-2022-23-change"]
    inputs = [link.input.key for link in rise.inputs]

    # Setting the same formula through the service (with all its checks) changes nothing.
    derived.set_formula(session=session, statistic=rise, formula=rise.formula, input_keys=inputs)
    assert rise.computed_value == Decimal("24.665780627")
    assert [link.input.key for link in rise.inputs] == inputs
    session.rollback()


def test_the_xlsx_gives_the_same_statistics_as_the_csv(session, foi, make):
    other = make.source(key="from-excel", kind=m.SourceKind.FOI_RETURN)
    run(session, foi, fixture_bytes("good.csv"))
    run(session, other, data.xlsx_bytes(), "returns.xlsx")

    def values(key):
        return {
            k.removeprefix(f"returns-{key}-"): s.value for k, s in statistics(session, key).items()
        }

    assert values("from-excel") == values("nspcc-foi")
    assert values("from-excel")["offences-2022-23"] == 33226


def test_a_file_with_errors_writes_nothing(session, foi):
    run(session, foi, fixture_bytes("good.csv"))
    before = row_counts(session)

    with pytest.raises(ReturnsInvalid) as info:
        run(session, foi, fixture_bytes("bad-rows.csv"), "bad-rows.csv")

    assert [e.row for e in info.value.errors] == [7, 8, 9]
    assert row_counts(session) == before


def test_re_importing_the_same_file_changes_nothing(session, foi):
    run(session, foi, fixture_bytes("good.csv"))
    before = row_counts(session)
    stamps = {k: s.updated_at for k, s in statistics(session, "nspcc-foi").items()}

    later = datetime(2024, 3, 1, tzinfo=UTC)
    result = run(session, foi, fixture_bytes("good.csv"), "good-again.csv", now=later)

    assert result.return_import is None
    assert result.summary() == (
        "135 rows (0 new, 0 replaced, 135 unchanged); statistics: 0 created, 0 updated, "
        "22 unchanged"
    )
    assert row_counts(session) == before
    assert {k: s.updated_at for k, s in statistics(session, "nspcc-foi").items()} == stamps


def corrected() -> bytes:
    """The good file with Kent Police's 2022/23 figure 100 higher and its Snapchat count
    dropped, and a row for a new period."""
    rows = data.returns()
    for row in rows:
        if row["force"] == "Kent Police" and row["period"] == "2022/23":
            row["offences"] += 100
            row["platforms"] = {}
    rows.append(
        {"force": "Kent Police", "period": "2023/24", "offences": 50, "note": "", "platforms": {}}
    )
    return data.csv_text(rows).encode()


def test_a_corrected_file_replaces_rows_and_re_aggregates(session, foi):
    run(session, foi, fixture_bytes("good.csv"))
    kent_before = session.exec(
        select(m.ForceReturn).where(
            m.ForceReturn.force == "Kent Police", m.ForceReturn.period_label == "2022/23"
        )
    ).one()
    assert kent_before.platforms  # Kent reported a Snapchat count first time
    old_offences, old_import = kent_before.offences, kent_before.import_id

    result = run(session, foi, corrected(), "corrected.csv", now=datetime(2024, 3, 1, tzinfo=UTC))

    preview = result.preview
    assert (len(preview.new), len(preview.replaced), len(preview.unchanged)) == (1, 1, 135 - 1)
    session.expire_all()
    kent = session.get(m.ForceReturn, kent_before.id)
    assert kent.offences == old_offences + 100
    assert kent.platforms == []
    assert kent.import_id == result.return_import.id != old_import
    assert row_counts(session)["force_returns"] == 136
    assert row_counts(session)["return_imports"] == 2

    stats = statistics(session, "nspcc-foi")
    total = stats[f"{KEY}-offences-2022-23"]
    assert total.value == 33326
    assert total.basis == (
        "Sum of 35 forces' returns (imported good.csv on 1 February 2024 and corrected.csv on "
        "1 March 2024)"
    )
    assert stats[f"{KEY}-comparable-2021-22-2022-23-offences-2022-23"].value == 31992
    rise = stats[f"{KEY}-comparable-2021-22-2022-23-change"]
    assert rise.value == Decimal("25.1") and rise.computed_value == Decimal("25.0566804785")
    assert stats[f"{KEY}-offences-2023-24"].value == 50
    assert stats[f"{KEY}-platform-snapchat-2022-23"].value < 4312
    updated = {c.key for c in preview.statistics if c.action == "update"}
    assert f"{KEY}-offences-2021-22" not in updated and f"{KEY}-offences-2022-23" in updated


def test_hand_added_wording_survives_a_re_import(session, foi):
    run(session, foi, fixture_bytes("good.csv"))
    total = statistics(session, "nspcc-foi")[f"{KEY}-offences-2022-23"]
    total.published_wording = "more than 33,000 offences"
    total.caveats = "Checked against the release."
    session.add(total)
    session.commit()

    run(session, foi, corrected(), "corrected.csv")

    total = statistics(session, "nspcc-foi")[f"{KEY}-offences-2022-23"]
    assert total.value == 33326
    assert total.published_wording == "more than 33,000 offences"
    assert total.caveats == "Checked against the release."


def test_statistics_no_longer_produced_are_archived(session, foi):
    two_years = "force,period,offences\nKent Police,2021/22,10\nKent Police,2022/23,12\n"
    run(session, foi, two_years.encode(), "a.csv")
    pair = f"{KEY}-comparable-2021-22-2022-23-offences-2022-23"
    assert statistics(session, "nspcc-foi")[pair].archived_at is None

    run(session, foi, b"force,period,offences\nKent Police,2021/22,not held\n", "b.csv")

    stats = statistics(session, "nspcc-foi")
    assert stats[pair].archived_at is not None
    assert stats[f"{KEY}-forces-2021-22"].value == 0
    assert f"{KEY}-offences-2021-22" in stats and stats[f"{KEY}-offences-2021-22"].archived_at

    run(session, foi, two_years.encode(), "a.csv")
    assert statistics(session, "nspcc-foi")[pair].archived_at is None


def test_a_period_must_keep_its_dates_across_imports(session, foi):
    run(session, foi, b"force,period,offences\nKent Police,2022/23,10\n", "a.csv")
    with pytest.raises(ReturnsInvalid) as info:
        run(
            session,
            foi,
            b"force,period,offences,period_start\nEssex Police,2022/23,10,2022-01-01\n",
            "b.csv",
        )
    assert [str(e) for e in info.value.errors] == [
        'row 2, column "period": 2022/23 runs 2022-04-01 to 2023-03-31 in the returns already '
        "imported for this source: give the same dates"
    ]


def test_a_key_held_by_another_source_is_an_error(session, foi, make):
    make.statistic(key=f"{KEY}-offences-2022-23", label="Someone else's")
    preview = preview_import(
        session=session,
        source=foi,
        filename="a.csv",
        data=b"force,period,offences\nMet,2022/23,5\n",
    )
    assert [str(e) for e in preview.errors] == [
        f'the statistic key "{KEY}-offences-2022-23" belongs to another source'
    ]


def test_a_failure_after_writing_rolls_the_whole_import_back(
    runner, session, foi, monkeypatch, tmp_path
):
    path = tmp_path / "good.csv"
    path.write_bytes(fixture_bytes("good.csv"))
    before = row_counts(session)

    def fail(**kwargs):
        raise RuntimeError("disk full")

    # The last step of an import: the returns and statistics are written by then.
    monkeypatch.setattr(syncing.derived, "recompute_dependents", fail)
    result = runner.invoke(args=["import-returns", str(path), "--source", "nspcc-foi"])

    assert isinstance(result.exception, RuntimeError)
    assert row_counts(session) == before


def test_preview_writes_nothing_and_says_what_would_change(session, foi):
    preview = preview_import(
        session=session, source=foi, filename="good.csv", data=fixture_bytes("good.csv")
    )
    session.rollback()
    assert preview.ok and len(preview.new) == 135
    assert [(p.label, len(p.usable), p.asked) for p in preview.periods] == [
        ("2017/18", 30, 45),
        ("2021/22", 32, 45),
        ("2022/23", 35, 45),
    ]
    creates = {c.key: c.value for c in preview.statistics_by_action("create")}
    assert creates[f"{KEY}-offences-2022-23"] == 33226
    assert row_counts(session)["statistics"] == 0
