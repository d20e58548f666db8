"""A bundle applies the same clearance rule as the forms and the API (issue 12, finding 1):
without restricted-evidence clearance it can neither change, link, make nor learn of a
restricted item, on the Import page as through `flask import-bundle --by EMAIL`. Anything
refused refuses the whole bundle."""

from __future__ import annotations

import io
import re

import pytest
from sqlmodel import select

from campaign.accounts.access import RESTRICTED_NEEDS_CLEARANCE
from campaign.bundles.clearance import KEY_UNAVAILABLE
from campaign.models import (
    AskEvidence,
    AuditEvent,
    AuditKind,
    Evidence,
    Organisation,
    Revision,
    Sensitivity,
)
from tests.bundles.conftest import row_counts
from tests.support.accounts import email_for, ensure_user

HEADER = "format: campaign-bundle\nversion: 1\n"
KEY = "childline-girl-14"
TITLE = "Childline: girl, 14, groomed through a game"
TEXT = "She lives in a small town and goes to the only secondary school there."
NOTE = "The case behind the letter"

OVERWRITE = f"""{HEADER}
organisations:
  - {{key: ofcom, name: Ofcom, kind: regulator}}
evidence:
  - {{key: {KEY}, title: A harmless quote, kind: quote, sensitivity: public}}
"""
LINK = f"""{HEADER}
asks:
  - slug: online-safety
    title: Online safety
    evidence: [{{evidence: {KEY}}}]
"""
NEW_RESTRICTED = f"""{HEADER}
evidence:
  - {{key: new-case, title: A new case, kind: case_study, sensitivity: restricted}}
  - {{key: public-quote, title: A public quote, kind: quote, sensitivity: restricted}}
"""
KEEP_HIDDEN_LINKS = f"""{HEADER}
asks:
  - slug: age-checks
    title: Age checks
    status: active
    evidence: [{{evidence: public-quote, note: Still public}}]
"""


@pytest.fixture
def hidden(make):
    """A restricted case study linked (first) to an ask beside a public quote."""
    ask = make.ask(title="Age checks", slug="age-checks")
    item = make.evidence(
        key=KEY, title=TITLE, text=TEXT, kind="case_study", sensitivity=Sensitivity.RESTRICTED
    )
    public = make.evidence(key="public-quote", title="A public quote")
    make.link(AskEvidence(ask_id=ask.id, evidence_id=item.id, rank=0, note=NOTE))
    make.link(AskEvidence(ask_id=ask.id, evidence_id=public.id, rank=1))
    return item


def _state(session) -> tuple:
    """Every evidence row and evidence link, field by field, and the row counts."""
    session.expire_all()
    items = [
        (e.key, e.title, e.text, e.kind, e.sensitivity, e.version, e.updated_at)
        for e in session.exec(select(Evidence).order_by(Evidence.key))
    ]
    links = [
        (link.ask_id, link.evidence_id, link.rank, link.note)
        for link in session.exec(select(AskEvidence).order_by(AskEvidence.evidence_id))
    ]
    return items, links, row_counts(session)


def _upload(client, text: str):
    return client.post(
        "/bundles/",
        data={"file": (io.BytesIO(text.encode()), "campaign.yaml")},
        content_type="multipart/form-data",
    )


def _errors(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<li><code>(.*?)</code>: (.*?)</li>", page)


def _quoted(text: str) -> str:
    return text.replace("'", "&#39;")


def test_an_uncleared_editor_cannot_overwrite_restricted_evidence(client_as, session, hidden):
    before = _state(session)
    response = _upload(client_as("editor"), OVERWRITE)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _errors(page) == [("evidence[0].key", _quoted(KEY_UNAVAILABLE.format(key=KEY)))]
    assert TITLE not in page and TEXT not in page
    assert _state(session) == before  # the organisation beside it is not imported either


def test_an_uncleared_editor_cannot_link_restricted_evidence(client_as, session, hidden):
    before = _state(session)
    client = client_as("editor")
    restricted = _upload(client, LINK)
    missing = _upload(client, LINK.replace(KEY, "no-such-item"))
    assert restricted.status_code == missing.status_code == 422
    assert _errors(restricted.get_data(as_text=True)) == [
        ("asks[0].evidence[0].evidence", _quoted(f"unknown evidence '{KEY}'"))
    ]
    # Word for word the page a key that does not exist gets.
    assert restricted.get_data(as_text=True) == missing.get_data(as_text=True).replace(
        "no-such-item", KEY
    )
    assert _state(session) == before


def test_an_uncleared_editor_cannot_make_evidence_restricted(client_as, session, hidden):
    before = _state(session)
    response = _upload(client_as("editor"), NEW_RESTRICTED)
    assert response.status_code == 422
    assert _errors(response.get_data(as_text=True)) == [
        ("evidence[0].sensitivity", RESTRICTED_NEEDS_CLEARANCE),
        ("evidence[1].sensitivity", RESTRICTED_NEEDS_CLEARANCE),
    ]
    assert _state(session) == before


def test_an_uncleared_import_leaves_links_it_cannot_see(client_as, session, hidden):
    """An ask's links become the bundle's, except those to restricted items: the user cannot
    list them, so leaving them out must not remove them."""
    response = _upload(client_as("editor"), KEEP_HIDDEN_LINKS)
    assert response.status_code == 302
    _items, links, _counts = _state(session)
    assert (hidden.id, 0, NOTE) in [(e, rank, note) for _a, e, rank, note in links]
    assert len(links) == 2 and ("Still public" in [note for *_rest, note in links])


def test_a_cleared_editor_imports_the_same_bundles(client_as, session, hidden):
    client = client_as("editor", clearance=True)
    for text in (OVERWRITE, LINK, NEW_RESTRICTED):
        assert _upload(client, text).status_code == 302, text
    session.expire_all()
    item = session.get(Evidence, hidden.id)
    assert (item.title, item.sensitivity) == ("A harmless quote", Sensitivity.PUBLIC)
    public = session.exec(select(Evidence).where(Evidence.key == "public-quote")).one()
    assert public.sensitivity == Sensitivity.RESTRICTED
    linked = session.exec(select(AskEvidence).where(AskEvidence.evidence_id == item.id)).all()
    assert len(linked) == 2  # age-checks, and online-safety from LINK


def _cli(runner, tmp_path, text: str, *by: str):
    path = tmp_path / "campaign.yaml"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["import-bundle", str(path), *by])


def test_import_bundle_by_an_uncleared_user_is_refused_the_same_way(
    app, runner, session, hidden, tmp_path
):
    ensure_user(app, "editor", False)
    editor = ["--by", email_for("editor", False)]
    before = _state(session)
    for text, expected in (
        (OVERWRITE, f"evidence[0].key: {KEY_UNAVAILABLE.format(key=KEY)}"),
        (LINK, f"asks[0].evidence[0].evidence: unknown evidence '{KEY}'"),
        (NEW_RESTRICTED, f"evidence[0].sensitivity: {RESTRICTED_NEEDS_CLEARANCE}"),
    ):
        result = _cli(runner, tmp_path, text, *editor)
        assert result.exit_code == 1, result.output
        assert expected in result.output and "Nothing was imported." in result.output
        assert TITLE not in result.output
    assert _state(session) == before
    assert _cli(runner, tmp_path, KEEP_HIDDEN_LINKS, *editor).exit_code == 0
    assert (hidden.id, 0, NOTE) in [(e, r, n) for _a, e, r, n in _state(session)[1]]


def test_import_bundle_by_a_cleared_user_or_the_console_may(app, runner, session, hidden, tmp_path):
    ensure_user(app, "editor", True)
    result = _cli(runner, tmp_path, OVERWRITE, "--by", email_for("editor", True))
    assert result.exit_code == 0, result.output
    event = session.exec(select(AuditEvent).where(AuditEvent.kind == AuditKind.BUNDLE_IMPORT)).one()
    assert event.actor_email == email_for("editor", True)
    # Without --by the console is trusted, like the database.
    assert _cli(runner, tmp_path, NEW_RESTRICTED).exit_code == 0
    session.expire_all()
    assert session.get(Evidence, hidden.id).title == "A harmless quote"
    assert session.exec(select(Evidence).where(Evidence.key == "new-case")).one().sensitivity == (
        Sensitivity.RESTRICTED
    )


def test_import_bundle_by_signs_its_revisions_with_that_account(
    app, runner, session, hidden, tmp_path
):
    editor = ensure_user(app, "editor", True)
    assert _cli(runner, tmp_path, OVERWRITE, "--by", editor.email).exit_code == 0
    assert _cli(runner, tmp_path, NEW_RESTRICTED).exit_code == 0
    signed = {
        (r.entity_id, r.actor_user_id, r.actor, r.via)
        for r in session.exec(select(Revision).where(Revision.entity == "evidence"))
    }
    new_case = session.exec(select(Evidence).where(Evidence.key == "new-case")).one()
    assert (hidden.id, editor.id, editor.display_name, "cli") in signed
    assert (new_case.id, None, "flask import-bundle", "cli") in signed


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("nobody@test.example", "There is no account for nobody@test.example."),
        (email_for("viewer", True), "needs an editor or admin account"),
    ],
)
def test_import_bundle_by_needs_an_editor(app, runner, session, tmp_path, who, message):
    ensure_user(app, "viewer", True)
    result = _cli(runner, tmp_path, OVERWRITE, "--by", who)
    assert result.exit_code != 0 and message in result.output
    assert session.exec(select(Organisation)).all() == []
