"""Restricted evidence is seen only by users cleared for it: the ask page, the evidence page,
the API and an internal briefing pack."""

import pytest

from campaign.models import AskEvidence, EvidenceKind, PackClassification, Sensitivity
from tests.packs.test_views import builder_data

SECRET_TEXT = "Marmoset-41d2 said it happened every night"
SECRET_ATTRIBUTION = "Girl, 13, Childline (Wombat-8e0f)"


@pytest.fixture
def restricted(make):
    ask = make.ask(slug="the-ask", title="The ask")
    item = make.evidence(
        key="restricted-case",
        title="A restricted case study",
        kind=EvidenceKind.CASE_STUDY,
        sensitivity=Sensitivity.RESTRICTED,
        text=SECRET_TEXT,
        attribution=SECRET_ATTRIBUTION,
    )
    make.link(AskEvidence(ask_id=ask.id, evidence_id=item.id))
    return ask, item


def _pages(client, ask, item):
    return {
        "ask page": client.get(f"/asks/{ask.slug}"),
        "evidence page": client.get(f"/evidence/{item.id}"),
        "API item": client.get(f"/api/v1/evidence/{item.key}"),
        "API ask": client.get(f"/api/v1/asks/{ask.slug}"),
    }


def _shows_secret(response) -> bool:
    text = response.get_data(as_text=True)
    return "Marmoset-41d2" in text or "Wombat-8e0f" in text


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_without_clearance_no_page_shows_it(client_as, restricted, role):
    """Not even its title: without clearance the item does not exist."""
    pages = _pages(client_as(role), *restricted)
    for name, response in pages.items():
        assert not _shows_secret(response), name
        assert "A restricted case study" not in response.get_data(as_text=True), name
        assert "restricted-case" not in response.get_data(as_text=True), name
    assert pages["ask page"].status_code == 200 and pages["API ask"].status_code == 200
    assert pages["evidence page"].status_code == 404 and pages["API item"].status_code == 404


def test_with_clearance_the_evidence_page_and_api_show_it(client_as, restricted):
    pages = _pages(client_as("viewer", clearance=True), *restricted)
    assert _shows_secret(pages["evidence page"])
    assert _shows_secret(pages["API item"]) and _shows_secret(pages["API ask"])
    # The ask page never quotes restricted text, cleared or not; the attribution is shown.
    assert "Wombat-8e0f" in pages["ask page"].get_data(as_text=True)
    assert "Marmoset-41d2" not in pages["ask page"].get_data(as_text=True)


def _internal_preview(client):
    data = builder_data(
        "the-ask",
        classification=PackClassification.INTERNAL.value,
        audience_organisation="",
        audience="The team",
        format="html",
        preview="1",
    )
    return client.post("/packs/new", data=data)


def test_an_internal_pack_holds_restricted_evidence_only_for_a_cleared_requester(
    client_as, restricted
):
    uncleared = _internal_preview(client_as("editor"))
    assert uncleared.status_code == 200, uncleared.get_data(as_text=True)
    text = uncleared.get_data(as_text=True)
    assert "A restricted case study" not in text and not _shows_secret(uncleared)
    assert "Left out of this pack" in text and "1 restricted evidence" in text
    cleared = _internal_preview(client_as("editor", clearance=True))
    assert cleared.status_code == 200
    assert "Marmoset-41d2" in cleared.get_data(as_text=True)


def test_a_kept_pack_with_restricted_evidence_is_for_cleared_users_only(
    client_as, restricted, session
):
    from campaign.models import Pack
    from campaign.packs import services
    from campaign.packs.options import PackOptions

    options = PackOptions(
        title="Internal",
        ask_slugs=("the-ask",),
        audience="The team",
        classification=PackClassification.INTERNAL,
        include_restricted=True,
    )
    pack = services.request_pack(session=session, options=options)
    session.commit()
    assert isinstance(pack, Pack)
    assert client_as("editor").get(f"/packs/{pack.id}/download").status_code == 403
    assert client_as("editor").post(f"/packs/{pack.id}/retry").status_code == 403
    # A cleared user gets past the check (the file is not generated yet: 409).
    assert client_as("viewer", clearance=True).get(f"/packs/{pack.id}/download").status_code == 409


def test_the_pack_cli_includes_restricted_evidence_only_when_asked(runner, restricted, tmp_path):
    args = ["pack", "--ask", "the-ask", "--audience", "The team", "--classification", "internal"]
    without = tmp_path / "without.html"
    result = runner.invoke(args=[*args, "-o", str(without)])
    assert result.exit_code == 0, result.output
    assert "Left out of this pack: 1 restricted evidence" in result.output
    assert "Marmoset-41d2" not in without.read_text()
    with_it = tmp_path / "with.html"
    result = runner.invoke(args=[*args, "--include-restricted", "-o", str(with_it)])
    assert result.exit_code == 0, result.output
    assert "Marmoset-41d2" in with_it.read_text()
