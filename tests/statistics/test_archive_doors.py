"""Archiving or restoring a statistic recomputes the statistics computed from it whichever door
it comes by: the archive service itself (what the detail page's buttons call), and a bundle
import that archives or restores it. The web buttons are tested in test_derived_views.py."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from campaign import signals
from campaign.common import archive
from campaign.models import Organisation, Statistic, StatisticFormula, StatisticUnit
from campaign.statistics import derived

RISE = Decimal("24.665780627")  # (31892 - 25582) / 25582, in percent
BUNDLE = """format: campaign-bundle
version: 1
statistics:
  - {key: old, label: Offences 2021/22, value: "25582", unit: count, archived: %s}
  - {key: new, label: Offences 2022/23, value: "31892", unit: count}
  - key: rise
    label: Rise in offences
    value: "25"
    unit: percent
    formula: {kind: percent_change, inputs: [old, new]}
"""


def _rise(session) -> Statistic:
    session.expire_all()
    return session.exec(select(Statistic).where(Statistic.key == "rise")).one()


def test_the_archive_service_recomputes_what_is_computed_from_the_statistic(session, make):
    old = make.statistic(key="old", value=Decimal(25582))
    make.statistic(key="new", value=Decimal(31892))
    rise = make.statistic(key="rise", value=Decimal(25), unit=StatisticUnit.PERCENT)
    derived.set_formula(
        session=session,
        statistic=rise,
        formula=StatisticFormula.PERCENT_CHANGE,
        input_keys=["old", "new"],
    )
    session.commit()
    assert _rise(session).computed_value == RISE

    archive.archive(session, session.get(Statistic, old.id))
    session.commit()
    assert _rise(session).computed_value is None

    archive.restore(session, session.get(Statistic, old.id))
    session.commit()
    assert _rise(session).computed_value == RISE


def test_archiving_twice_announces_once(session, make):
    organisation = make.organisation()
    announced = []

    def receiver(sender, **extra):
        announced.append((sender, extra["obj"].id))

    signals.archived_or_restored.connect(receiver)
    try:
        archive.archive(session, organisation)
        archive.archive(session, organisation)  # already archived: nothing changes
        archive.restore(session, organisation)
        archive.restore(session, organisation)
    finally:
        signals.archived_or_restored.disconnect(receiver)
    assert announced == [(Organisation, organisation.id), (Organisation, organisation.id)]


def test_a_bundle_that_archives_or_restores_an_input_recomputes(runner, session, tmp_path):
    def load(archived: str) -> None:
        path = tmp_path / f"archived-{archived}.yaml"
        path.write_text(BUNDLE % archived, encoding="utf-8")
        result = runner.invoke(args=["import-bundle", str(path)])
        assert result.exit_code == 0, result.output

    load("false")
    assert _rise(session).computed_value == RISE
    load("true")  # the bundle archives an input that was active
    assert _rise(session).computed_value is None
    load("false")  # and restores it
    assert _rise(session).computed_value == RISE
