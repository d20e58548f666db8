"""The index follows every write path without application code: the forms, the API, bundle
imports, Core bulk writes and deletes (SQLite: triggers; PostgreSQL: the database's own
indexes). Searched through the real list pages."""

from __future__ import annotations

import html
import re

from sqlalchemy import delete, update

from campaign.models import Evidence, Sensitivity, Statistic
from tests.sources.support import all_rows, fresh


def listed(client, area: str, text: str) -> list[str]:
    """The titles (links) in the list page's table for `?q=text`."""
    response = client.get(f"/{area}/", query_string={"q": text})
    assert response.status_code == 200
    body = response.get_data(as_text=True).split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return [html.unescape(t) for t in re.findall(rf'<a href="/{area}/\d+">([^<]*)</a>', body)]


EVIDENCE_FORM = {"title": "Evidence from a form", "kind": "quote", "sensitivity": "internal"}


def test_the_evidence_form_create_edit_and_restrict(client, session):
    data = {**EVIDENCE_FORM, "text": "Contact through kestrelchat voice rooms"}
    assert client.post("/evidence/new", data=data).status_code == 302
    assert "Evidence from a form" in listed(client, "evidence", "kestrelchat voice")
    [item] = all_rows(session, Evidence)

    data = {**data, "text": "Moved to marlinstream clips", "version": item.version}
    assert client.post(f"/evidence/{item.id}/edit", data=data).status_code == 302
    assert "Evidence from a form" not in listed(client, "evidence", "kestrelchat")
    assert "Evidence from a form" in listed(client, "evidence", "MARLINSTREAM")

    # Made restricted, its text leaves the index; its title stays searchable.
    item = fresh(session).get(Evidence, item.id)
    data = {**data, "sensitivity": "restricted", "version": item.version}
    assert client.post(f"/evidence/{item.id}/edit", data=data).status_code == 302
    assert "Evidence from a form" not in listed(client, "evidence", "marlinstream")
    assert "Evidence from a form" in listed(client, "evidence", "from a form")
    # And back again.
    item = fresh(session).get(Evidence, item.id)
    data = {**data, "sensitivity": "public", "version": item.version}
    assert client.post(f"/evidence/{item.id}/edit", data=data).status_code == 302
    assert "Evidence from a form" in listed(client, "evidence", "marlinstream")


def test_the_statistic_form(client, session):
    data = {"label": "Figure from a form", "value": "12", "unit": "count"}
    data |= {"geography": "Fenmarsh district", "claim": "", "published_wording": "twelve cases"}
    response = client.post("/statistics/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Figure from a form" in listed(client, "statistics", "fenmarsh")
    assert "Figure from a form" in listed(client, "statistics", "twelve ca")
    [stat] = all_rows(session, Statistic)
    data |= {"geography": "Riverholm", "version": stat.version}
    assert client.post(f"/statistics/{stat.id}/edit", data=data).status_code == 302
    assert "Figure from a form" not in listed(client, "statistics", "fenmarsh")
    assert "Figure from a form" in listed(client, "statistics", "riverholm")


def test_the_api(client):
    body = {"title": "Evidence from the API", "kind": "quote", "sensitivity": "internal"}
    response = client.post("/api/v1/evidence", json={**body, "text": "Sparrowplay lobby"})
    assert response.status_code == 201, response.get_data(as_text=True)
    key = response.get_json()["key"]
    assert "Evidence from the API" in listed(client, "evidence", "sparrowplay")
    response = client.patch(f"/api/v1/evidence/{key}", json={"text": "Puffinworlds chat"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Evidence from the API" not in listed(client, "evidence", "sparrowplay")
    assert "Evidence from the API" in listed(client, "evidence", "puffinworlds")


BUNDLE = """format: campaign-bundle
version: 1
statistics:
  - key: bundled-figure
    label: A bundled figure
    value: "5"
    unit: count
    geography: {geography}
evidence:
  - key: bundled-quote
    title: A bundled quote
    kind: quote
    sensitivity: internal
    text: {text}
"""


def test_a_bundle_import_and_reimport(client, runner, tmp_path):
    path = tmp_path / "bundle.yaml"
    path.write_text(BUNDLE.format(geography="Glenmoray", text="Cobaltarcade messages"))
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 0, result.output
    assert "A bundled quote" in listed(client, "evidence", "cobaltarcade")
    assert "A bundled figure" in listed(client, "statistics", "glenmoray")

    path.write_text(BUNDLE.format(geography="Oakshire", text="Junipersnaps messages"))
    result = runner.invoke(args=["import-bundle", str(path)])  # updates by key
    assert result.exit_code == 0, result.output
    assert "A bundled quote" not in listed(client, "evidence", "cobaltarcade")
    assert "A bundled quote" in listed(client, "evidence", "junipersnaps")
    assert "A bundled figure" not in listed(client, "statistics", "glenmoray")
    assert "A bundled figure" in listed(client, "statistics", "oakshire")


def test_core_bulk_writes_and_deletes(client, session, make):
    item = make.evidence(title="Bulk-written item", text="Tidalclips")
    stat = make.statistic(label="Bulk-written figure", geography="Stonebridge")
    session.execute(update(Evidence).values(attribution="Brackenfield school"))
    session.execute(update(Statistic).values(claim="nearly a third"))
    session.commit()
    assert "Bulk-written item" in listed(client, "evidence", "brackenfield")
    assert "Bulk-written figure" in listed(client, "statistics", "nearly a th")

    session.delete(fresh(session).get(Statistic, stat.id))  # an ORM delete
    session.execute(delete(Evidence).where(Evidence.id == item.id))  # a Core one
    session.commit()
    assert "Bulk-written item" not in listed(client, "evidence", "tidalclips")
    assert "Bulk-written figure" not in listed(client, "statistics", "stonebridge")
    # A new row reusing nothing of the old one's is found, the old text is not.
    make.evidence(title="Another item", text="Granitechat", sensitivity=Sensitivity.PUBLIC)
    assert "Another item" in listed(client, "evidence", "granitechat")
    assert "Another item" not in listed(client, "evidence", "tidalclips")
