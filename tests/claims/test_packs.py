"""A pack whose figures include an inconsistent claim is refused, on the web and with
`flask pack`, unless a reason to override the check is given; the reason and the claims
overridden are kept with the pack and shown on its page."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from campaign.models import Pack, PackStatus
from campaign.packs import generation
from tests.claims.helpers import figures, link
from tests.responses.helpers import page_text

SECTIONS = ["summary", "statistics", "charts", "evidence", "positions", "milestones", "contacts"]


def builder_data(*slugs: str, **fields) -> dict:
    data = {
        "title": "Briefing for Ofcom",
        "audience_organisation": "ofcom",
        "audience": "",
        "sections": SECTIONS,
        "classification": "external",
        "format": "html",
        "made_by": "Ann Example",
    }
    for index, slug in enumerate(slugs):
        data.update({f"asks-{index}-slug": slug, f"asks-{index}-include": "y"})
        data[f"asks-{index}-order"] = str(index + 1)
    data.update(fields)
    return data


@pytest.fixture
def codes(app, make):
    """An ask showing an overstated rise (inconsistent) and an honest one; another ask that
    shows only the honest one. Waits for generation threads at teardown."""
    make.organisation(name="Ofcom", key="ofcom")
    f = figures(make)
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    link(make, ask, f.rise_bad, f.rise_ok)
    honest = make.ask(title="Pause encryption", slug="pause-encryption")
    link(make, honest, f.rise_ok)
    yield f
    generation.shutdown(app)


def count_packs(session) -> int:
    return session.exec(select(func.count()).select_from(Pack)).one()


def test_the_preview_lists_the_inconsistent_claims(client, codes):
    response = client.post("/packs/new", data=builder_data("strengthen-codes", preview="1"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Inconsistent claims: Generate needs a reason" in text
    assert "Rise in offences (overstated) (rise-bad): a 30% rise." in text
    assert "24.7% does not round to 30%" in text and "Honest wording: a 25% rise" in text
    assert "Rise in offences (honest) (rise-ok)" not in text
    html = response.get_data(as_text=True)
    assert 'name="claims_override" form="pack-preview-form"' in html


def test_generate_is_refused_naming_the_claims_unless_a_reason_is_given(client, session, codes):
    for reason in ("", "   "):
        response = client.post(
            "/packs/new",
            data=builder_data("strengthen-codes", generate="1", claims_override=reason),
        )
        assert response.status_code == 422
        text = page_text(response)
        assert "This pack would show a figure whose claim is inconsistent" in text
        assert "“Rise in offences (overstated)” (“a 30% rise”: 24.7% does not round to 30%" in text
        assert "Override the claim check: reason" in text
        assert "Inconsistent claims in this pack" in text and "Honest wording: a 25% rise" in text
    assert count_packs(session) == 0


def test_with_a_reason_the_pack_is_made_and_keeps_the_reason_and_the_claims(client, session, codes):
    reason = "  The 30% is the <b>press office’s</b> figure; corrected in the notes.  "
    response = client.post(
        "/packs/new",
        data=builder_data("strengthen-codes", generate="1", claims_override=reason),
    )
    assert response.status_code == 302, page_text(response)
    pack = session.exec(select(Pack)).one()
    kept = reason.strip()
    assert pack.claims_override == kept
    assert pack.settings["extra"] == {"claims_override": kept, "claims_overridden": ["rise-bad"]}
    page = client.get(f"/packs/{pack.id}")
    text = page_text(page)
    assert f"Made despite 1 inconsistent claim: {kept}" in text
    assert "Claims overridden: rise-bad" in text
    assert "&lt;b&gt;press office’s&lt;/b&gt;" in page.get_data(as_text=True)


def test_an_honest_pack_needs_no_reason_and_keeps_none(client, session, codes):
    response = client.post(
        "/packs/new",
        data=builder_data("pause-encryption", generate="1", claims_override="not needed"),
    )
    assert response.status_code == 302
    pack = session.exec(select(Pack)).one()
    assert pack.claims_override == "" and pack.settings["extra"] == {}
    assert "Made despite" not in page_text(client.get(f"/packs/{pack.id}"))


def test_a_pack_that_shows_no_figures_is_not_blocked(client, session, codes):
    data = builder_data("strengthen-codes", generate="1", sections=["summary", "evidence"])
    assert client.post("/packs/new", data=data).status_code == 302
    assert session.exec(select(Pack)).one().claims_override == ""


def test_flask_pack_refuses_with_exit_code_2_listing_the_claims(runner, session, codes, tmp_path):
    out = tmp_path / "pack.html"
    args = ["pack", "--ask", "strengthen-codes", "--audience", "Ofcom", "-o", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 2, result.output
    assert "1 figure in this pack has an inconsistent claim" in result.output
    assert "rise-bad: “a 30% rise”. 24.7% does not round to 30%" in result.output
    assert "Honest wording: a 25% rise" in result.output
    assert "--override-claims REASON" in result.output
    assert not out.exists() and count_packs(session) == 0


def test_flask_pack_with_override_claims_makes_and_keeps_it(runner, session, codes, tmp_path):
    out = tmp_path / "pack.html"
    args = ["pack", "--ask", "strengthen-codes", "--audience", "Ofcom", "-o", str(out)]
    result = runner.invoke(args=[*args, "--override-claims", "Agreed with the director"])
    assert result.exit_code == 0, result.output
    assert "Warning: Made despite 1 inconsistent claim: Agreed with the director" in result.output
    pack = session.exec(select(Pack)).one()
    assert pack.status is PackStatus.DONE and out.read_bytes() == pack.content
    assert pack.claims_override == "Agreed with the director"
    assert pack.settings["extra"]["claims_overridden"] == ["rise-bad"]


def test_a_chart_shows_its_figures_so_a_charts_only_pack_is_blocked(client, session, codes):
    for statistic in (codes.rise_bad, codes.rise_ok):
        statistic.chart = "Rise in offences"
        session.add(statistic)
    session.commit()
    data = builder_data("strengthen-codes", generate="1", sections=["summary", "charts"])
    response = client.post("/packs/new", data=data)
    assert response.status_code == 422
    assert "“Rise in offences (overstated)”" in page_text(response)
