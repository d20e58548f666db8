"""Lines to take, the record added through the entity registry alone (issue 16): its pages,
API, bundle section and revision history come from its description."""

from __future__ import annotations

from datetime import date

import yaml
from sqlmodel import select

from campaign.bundles.exporter import export_bundle
from campaign.models import LineStatus, LineToTake, Revision

LINE = "We welcome the codes, but they must require proactive detection."


def test_a_line_is_written_on_its_page_and_has_a_history(client, session):
    response = client.post(
        "/lines/new",
        data={"title": "Ofcom's codes", "line": LINE, "status": "agreed", "review_by": ""},
    )
    assert response.status_code == 302
    line = session.exec(select(LineToTake)).one()
    assert (line.key, line.status, line.line) == ("ofcom-s-codes", LineStatus.AGREED, LINE)
    page = client.get(response.location)
    assert LINE.encode() in page.data and b"Agreed" in page.data
    data = {"title": "Ofcom's codes", "line": LINE, "status": "retired", "version": "1"}
    assert client.post(f"/lines/{line.id}/edit", data=data).status_code == 302
    history = client.get(f"/lines/{line.id}/history")
    assert history.status_code == 200 and b"Retired" in history.data
    revisions = session.exec(select(Revision).where(Revision.entity == "line")).all()
    assert len(revisions) == 2


def test_a_line_without_words_is_refused_beside_the_field(client, session):
    response = client.post("/lines/new", data={"title": "T", "line": " ", "status": "draft"})
    assert response.status_code == 422
    assert b'id="line-error"' in response.data
    assert session.exec(select(LineToTake)).all() == []


def test_the_api_lists_writes_and_refuses_like_the_form(client, session):
    created = client.post("/api/v1/lines", json={"title": "Meta", "line": LINE, "status": "draft"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["key"] == "meta" and body["status"] == "draft" and body["review_by"] is None
    assert created.headers["Location"].endswith("/api/v1/lines/meta")
    patched = client.patch("/api/v1/lines/meta", json={"review_by": "2027-01-31"})
    assert patched.status_code == 200 and patched.get_json()["review_by"] == "2027-01-31"
    refused = client.post("/api/v1/lines", json={"title": "X", "status": "agreed"})
    assert refused.status_code == 422 and "line" in refused.get_json()["error"]["fields"]
    listed = client.get("/api/v1/lines?status=draft").get_json()
    assert [item["key"] for item in listed["items"]] == ["meta"]
    assert client.get("/api/v1/lines?status=nope").status_code == 400


def test_lines_go_through_a_bundle_and_back(app, runner, session, tmp_path):
    path = tmp_path / "lines.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\nlines:\n"
        f"  - key: codes\n    title: Codes\n    line: {LINE}\n    status: agreed\n"
        "    review_by: 2027-03-01\n  - key: old\n    title: Old\n    line: Old words.\n"
        "    archived: true\n"
    )
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        exported = yaml.safe_load(export_bundle(session))
    assert exported["lines"] == [
        {
            "key": "codes",
            "title": "Codes",
            "line": LINE,
            "status": "agreed",
            "review_by": date(2027, 3, 1),
        },
        {"key": "old", "title": "Old", "line": "Old words.", "archived": True},
    ]


def test_a_bundle_line_is_checked_by_the_form(runner, tmp_path, session):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\nlines:\n"
        '  - key: a\n    title: "Two\\nlines"\n    line: L\n    status: maybe\n'
    )
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code != 0
    assert "lines[0].title" in result.output and "lines[0].status" in result.output
    assert session.exec(select(LineToTake)).all() == []
