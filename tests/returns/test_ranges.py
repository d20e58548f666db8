"""Suppressed small numbers end as ranges: a force's "<4" or "[c]" is kept as its range, every
total that includes one is a range (value to value_max) whose coverage says "at least" and
names the suppressed forces, a percent change over ranges is a range, and the range is shown
wherever the statistic's figure is (statistic pages, ask and source pages, packs, the import
preview and command). The migration's downgrade keeps the ranges and its upgrade restores
them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import inspect, text
from sqlmodel import select

from campaign import migrations
from campaign import models as m
from campaign.db import get_engine
from campaign.packs.content import build_content
from campaign.packs.options import PackOptions
from campaign.rendering import format_range
from campaign.returns.importer import apply_import
from tests.returns.conftest import statistics

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
FILE = (
    "Force,Period,Offences\n"
    "Cleveland Police,2018/19,250\n"
    "Durham Constabulary,2018/19,<4\n"
    "Humberside Police,2018/19,90\n"
    "Cleveland Police,2023-24,301\n"
    "Durham Constabulary,2023-24,[c]\n"
    "Humberside Police,2023-24,2-6\n"
    "Northumbria Police,2023-24,Not held\n"
)


def _imported(session, make, key="ranges"):
    source = make.source(key=key, kind=m.SourceKind.FOI_RETURN)
    apply_import(
        session=session,
        source=source,
        filename="ranges.csv",
        data=FILE.encode(),
        imported_by="t",
        now=NOW,
    )
    session.commit()
    return source, statistics(session, key)


def test_the_shared_formatter():
    assert format_range(Decimal(7215), None, "count") == "7,215"
    assert format_range(Decimal(7215), Decimal(7260), "count") == "7,215 to 7,260"
    assert format_range(Decimal(7215), Decimal(7260), "count", at_least=True) == "at least 7,215"
    assert format_range(Decimal("-2.5"), Decimal("7.1"), "percent") == "-2.5% to 7.1%"
    assert format_range(Decimal(12), Decimal(12), "count") == "12"


def test_suppressed_figures_make_totals_ranges_naming_the_forces(session, make):
    _, stats = _imported(session, make)

    returns = {
        (r.force, r.period_label): (r.offences, r.offences_max)
        for r in session.exec(select(m.ForceReturn))
    }
    assert returns[("Durham Constabulary", "2018/19")] == (0, 3)
    assert returns[("Humberside Police", "2023/24")] == (2, 6)
    assert returns[("Cleveland Police", "2023/24")] == (301, None)

    earlier, later = (
        stats["returns-ranges-offences-2018-19"],
        stats["returns-ranges-offences-2023-24"],
    )
    assert (earlier.value, earlier.value_max) == (340, 343)
    assert (later.value, later.value_max) == (303, 311)
    assert later.coverage == (
        "3 of 4 forces asked provided usable data for 2023/24; no usable data from: "
        "Northumbria Police. Suppressed small numbers from: Durham Constabulary (0 to 4), "
        "Humberside Police (2 to 6); the total for 2023/24 is at least 303 (at most 311)."
    )
    # The number of forces is exact.
    assert stats["returns-ranges-forces-2023-24"].value_max is None

    pair = "returns-ranges-comparable-2018-19-2023-24"
    before, after = stats[f"{pair}-offences-2018-19"], stats[f"{pair}-offences-2023-24"]
    assert (before.value, before.value_max) == (340, 343)
    assert (after.value, after.value_max) == (303, 311)
    change = stats[f"{pair}-change"]
    # From the least (303 after 343) to the most (311 after 340): -11.66…% to -8.52…%,
    # rounded outwards.
    assert (change.value, change.value_max) == (Decimal("-11.7"), Decimal("-8.5"))
    assert "make the change a range: from -11.7% to -8.5%" in change.coverage


def test_an_exact_file_makes_exact_statistics(session, make):
    source = make.source(key="exact", kind=m.SourceKind.FOI_RETURN)
    apply_import(
        session=session,
        source=source,
        filename="e.csv",
        data=b"force,period,offences\nKent Police,2019/20,10\nEssex Police,2019/20,0\n",
        imported_by="t",
    )
    session.commit()
    stats = statistics(session, "exact")
    assert all(s.value_max is None for s in stats.values())
    assert "Suppressed" not in stats["returns-exact-offences-2019-20"].coverage


def test_the_range_is_shown_wherever_the_figure_is(client, session, make):
    source, stats = _imported(session, make)
    total = stats["returns-ranges-offences-2023-24"]
    ask = make.ask(slug="ranges-ask")
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=total.id))

    page = client.get(f"/statistics/{total.id}").get_data(as_text=True)
    assert "303 to 311" in page and "suppressed small numbers" in page
    listing = client.get("/statistics/?q=2023%2F24").get_data(as_text=True)
    assert "303 to 311" in listing
    assert "303 to 311" in client.get(f"/asks/{ask.slug}").get_data(as_text=True)
    assert "303 to 311" in client.get(f"/sources/{source.id}").get_data(as_text=True)
    audit = client.get(f"/returns/sources/{source.key}").get_data(as_text=True)
    assert "2 to 6" in audit
    api = client.get(f"/api/v1/statistics/{total.key}").get_json()
    assert (api["value"], api["value_max"], api["display"]) == ("303", "311", "303 to 311")

    content = build_content(
        session,
        PackOptions(title="Ranges", ask_slugs=(ask.slug,)),
        generated_at=NOW,
        today=NOW.date(),
    )
    figures = [f for a in content.asks for f in a.figures]
    assert [f.display for f in figures] == ["303 to 311"]


def test_the_command_prints_ranges(runner, make, tmp_path):
    make.source(key="cli-ranges", kind=m.SourceKind.FOI_RETURN)
    path = tmp_path / "ranges.csv"
    path.write_text(FILE)
    result = runner.invoke(args=["import-returns", str(path), "--source", "cli-ranges"])
    assert result.exit_code == 0, result.output
    assert "  created returns-cli-ranges-offences-2023-24: 303 to 311" in result.output


def test_a_downgrade_keeps_the_ranges_and_the_upgrade_restores_them(app, session, make):
    _, stats = _imported(session, make)
    total = stats["returns-ranges-offences-2023-24"]
    session.close()
    with app.app_context():
        engine = get_engine()
        migrations.downgrade(engine, "20261207_pack_worker")
        columns = {c["name"] for c in inspect(engine).get_columns("statistics")}
        assert "value_max" not in columns
        stashes = {"_stash_statistics__value_max", "_stash_force_returns__offences_max"}
        assert stashes <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            value = connection.execute(
                text("SELECT value FROM statistics WHERE id = :id"), {"id": total.id}
            ).scalar_one()
        assert value == "303"

        migrations.upgrade(engine)

        with engine.connect() as connection:
            restored = connection.execute(
                text("SELECT value_max FROM statistics WHERE id = :id"), {"id": total.id}
            ).scalar_one()
            offences_max = connection.execute(
                text("SELECT count(*) FROM force_returns WHERE offences_max IS NOT NULL")
            ).scalar_one()
        assert restored == "311"
        assert offences_max == 3
        assert not stashes & set(inspect(engine).get_table_names())
