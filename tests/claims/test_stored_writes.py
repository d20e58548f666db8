"""Stored verdicts follow every kind of write in the same unit of work: the statistic form, an
input of a derived figure, archiving an input, the source on the form, a source's date, the
API, a bundle import and a returns import. After each, the stored verdicts agree with what
the checker says (`helpers.disagreements`)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import select

from campaign import models as m
from campaign.claims.stored import store_verdicts
from campaign.returns.importer import apply_import
from tests.claims.helpers import disagreements
from tests.returns.conftest import fixture_bytes

RISE = {
    "label": "Rise in offences",
    "value": "25",
    "unit": "percent",
    "period_label": "2021/22 to 2022/23",
    "claim": "a 25% increase",
    "formula": "percent_change",
    "inputs": "offences-2021-22, offences-2022-23",
}
EDIT_OLD = {"label": "Offences, 2021/22", "unit": "count", "period_label": "2021/22"}


def _counts(make):
    old = make.statistic(
        key="offences-2021-22",
        label="Offences, 2021/22",
        value=Decimal(25582),
        period_label="2021/22",
    )
    new = make.statistic(
        key="offences-2022-23",
        label="Offences, 2022/23",
        value=Decimal(31892),
        period_label="2022/23",
    )
    return old, new


def _stored(session, key: str) -> m.Statistic:
    session.expire_all()
    return session.exec(select(m.Statistic).where(m.Statistic.key == key)).one()


def test_the_form_edits_of_a_statistic_and_its_inputs_are_stored(client, make, session):
    old, _new = _counts(make)
    assert client.post("/statistics/new", data=RISE).status_code == 302
    rise = _stored(session, "rise-in-offences")
    assert (rise.claim_verdict, disagreements(session)) == ("consistent", {})

    # The claim itself.
    response = client.post(f"/statistics/{rise.id}/edit", data={**RISE, "claim": "a 40% rise"})
    assert response.status_code == 302
    assert (_stored(session, "rise-in-offences").claim_verdict, disagreements(session)) == (
        "inconsistent",
        {},
    )

    # An input: 20,000 -> 31,892 is a 59% rise, and the published 25 no longer matches.
    client.post(f"/statistics/{rise.id}/edit", data=RISE)
    edit = {**EDIT_OLD, "value": "20,000"}
    assert client.post(f"/statistics/{old.id}/edit", data=edit).status_code == 302
    rise = _stored(session, "rise-in-offences")
    assert rise.claim_verdict == "inconsistent" and "computed from its inputs" in rise.claim_reason
    assert disagreements(session) == {}

    # Archiving the input leaves nothing to check against.
    assert client.post(f"/statistics/{old.id}/archive").status_code == 302
    assert _stored(session, "rise-in-offences").claim_verdict == "unverifiable"
    assert disagreements(session) == {}
    assert client.post(f"/statistics/{old.id}/restore").status_code == 302
    assert _stored(session, "rise-in-offences").claim_verdict == "inconsistent"
    assert disagreements(session) == {}


def test_a_claim_of_more_than_once_as_many_is_checked_not_a_server_error(client, session):
    """ "More than 1 times as many" has a range with no top: the parser negated the missing top
    (`-None`, found by mypy) and saving the statistic failed with a 500."""
    claim = "more than 1 times as likely"
    for label, value in (("Higher likelihood", "1.3"), ("Lower likelihood", "0.8")):
        data = {"label": label, "value": value, "unit": "ratio", "claim": claim}
        response = client.post("/statistics/new", data={**data, "period_label": "2022/23"})
        assert response.status_code == 302
    higher, lower = _stored(session, "higher-likelihood"), _stored(session, "lower-likelihood")
    assert (higher.claim_verdict, lower.claim_verdict) == ("consistent", "inconsistent")
    assert disagreements(session) == {}


def test_a_source_on_the_form_and_a_sources_date_are_followed(client, make, session):
    source = make.source(title="Police returns", key="police-returns")
    figure = make.statistic(key="figure", label="A figure", value=Decimal(33226), claim="33,000")
    assert "no_source" in _stored(session, "figure").claim_flags
    data = {"label": "A figure", "value": "33226", "unit": "count", "claim": "33,000"}
    response = client.post(
        f"/statistics/{figure.id}/edit", data={**data, "source_id": str(source.id)}
    )
    assert response.status_code == 302
    assert _stored(session, "figure").claim_flags == ""
    assert disagreements(session) == {}
    source_form = {"title": "Police returns", "kind": "report", "published_on": "2010-01-01"}
    assert client.post(f"/sources/{source.id}/edit", data=source_form).status_code == 302
    assert _stored(session, "figure").claim_flags == ""  # "out of date" is never stored
    assert disagreements(session) == {}


def test_an_api_edit_is_stored(client, make, session):
    make.statistic(key="figure", label="A figure", value=Decimal(44), unit="percent", claim="44%")
    assert _stored(session, "figure").claim_verdict == "consistent"
    response = client.patch("/api/v1/statistics/figure", json={"claim": "more than half"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _stored(session, "figure").claim_verdict == "inconsistent"
    assert disagreements(session) == {}


def test_a_bundle_import_is_stored(seeded, session):
    checked = session.exec(select(m.Statistic).where(m.Statistic.claim_verdict.is_not(None)))
    assert len(checked.all()) > 0
    assert disagreements(session) == {}


def test_a_returns_import_and_a_correction_are_stored(make, session):
    foi = make.source(key="nspcc-foi", title="NSPCC FOI returns", kind=m.SourceKind.FOI_RETURN)
    for name, day in (("good.csv", 1), ("good.csv", 2)):
        apply_import(
            session=session,
            source=foi,
            filename=name,
            data=fixture_bytes(name),
            imported_by="Sam",
            now=datetime(2024, 2, day, tzinfo=UTC),
        )
        session.commit()
        derived = session.exec(select(m.Statistic).where(m.Statistic.formula.is_not(None))).all()
        assert derived and all(s.claim_verdict for s in derived)
        assert disagreements(session) == {}


def test_storing_a_verdict_is_not_an_edit_of_the_statistic(make, session):
    # An old checker's verdict, rebuilt by --recompute: the statistic keeps its version, its
    # updated_at and its history (the column's onupdate must not fire).
    make.statistic(key="figure", label="A figure", value=Decimal(33226), claim="33,000")
    before = _stored(session, "figure")
    stamp, version, verdict = before.updated_at, before.version, before.claim_verdict
    assert verdict in {"consistent", "inconsistent"}
    revisions = session.exec(select(m.Revision)).all()
    table = m.Statistic.__table__
    with session.get_bind().begin() as connection:  # around the session and its listener
        connection.execute(
            update(table)
            .where(table.c.key == "figure")
            .values(claim_verdict="unverifiable", updated_at=table.c.updated_at)
        )
    session.commit()  # a new transaction, which sees that write
    assert session.scalar(select(table.c.claim_verdict).where(table.c.key == "figure")) == (
        "unverifiable"
    )
    assert store_verdicts(session=session) == 1
    session.commit()
    after = _stored(session, "figure")
    assert (after.claim_verdict, after.version, after.updated_at) == (verdict, version, stamp)
    assert session.exec(select(m.Revision)).all() == revisions
