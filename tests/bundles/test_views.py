"""The Import / export page: download the bundle; upload one, all or nothing."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from campaign.models import Organisation, Sensitivity
from tests.bundles.conftest import fixture, row_counts


def _upload(client, content: bytes, filename: str = "campaign.yaml", **kwargs):
    return client.post(
        "/bundles/",
        data={"file": (io.BytesIO(content), filename), **kwargs},
        content_type="multipart/form-data",
    )


def test_the_page_is_linked_from_every_page_and_offers_both(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/bundles/"' in home and "Import / export" in home
    page = client.get("/bundles/").get_data(as_text=True)
    assert 'href="/bundles/export.yaml"' in page and "Download bundle (YAML)" in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".yaml,.yml"' in page


def test_download_is_the_export_as_an_attachment(make_app, import_file, export_text):
    import_file(fixture("small.yaml"))
    clock = lambda: datetime(2025, 3, 4, 23, 30, tzinfo=UTC)  # noqa: E731
    client = make_app(CLOCK=clock).test_client()

    response = client.get("/bundles/export.yaml")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/yaml; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="campaign-2025-03-04.yaml"'
    )
    assert response.get_data(as_text=True) == export_text()


def test_upload_imports_and_says_what_changed(client, session):
    response = _upload(client, Path(fixture("small.yaml")).read_bytes(), "small.yaml")
    assert response.status_code == 302 and response.location == "/bundles/"
    page = client.get(response.location).get_data(as_text=True)
    assert "Imported small.yaml: organisations 4 (4 new)" in page
    assert row_counts(session)["asks"] == 2

    again = client.get(_upload(client, Path(fixture("small.yaml")).read_bytes()).location)
    assert "organisations 4 (4 unchanged)" in again.get_data(as_text=True)


def test_upload_with_errors_lists_every_one_and_writes_nothing(client, session, import_file):
    import_file(fixture("small.yaml"))
    before = row_counts(session)
    content = Path(fixture("many-errors.yaml")).read_bytes()
    # A valid change in the same file must not be saved either.
    content = content.replace(b"name: Meta\n", b"name: Meta Platforms\n")

    response = _upload(client, content, "bad.yaml")

    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Nothing was imported." in text and "9 problems in bad.yaml" in text
    items = re.findall(r"<li><code>(.*?)</code>: (.*?)</li>", text)
    assert len(items) == 9
    assert ("asks[0].targets[1]", "unknown organisation &#39;ofcomm&#39;") in items
    assert ("statistics[0].value", "not a number") in items
    session.expire_all()
    assert row_counts(session) == before
    meta = session.exec(select(Organisation).where(Organisation.key == "meta")).one()
    assert meta.name == "Meta"


def test_upload_escapes_what_the_file_says(client):
    content = b"format: campaign-bundle\nversion: 1\n'<script>x()</script>': 1\n"
    text = _upload(client, content).get_data(as_text=True)
    assert "<script>" not in text and "&lt;script&gt;x()&lt;/script&gt;" in text


def test_only_yaml_files_are_accepted(client, session):
    response = _upload(client, b"format: campaign-bundle\nversion: 1\n", "campaign.json")
    assert response.status_code == 422
    assert "Choose a .yaml or .yml file." in response.get_data(as_text=True)
    missing = client.post("/bundles/", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422
    assert "Choose a bundle file to import." in missing.get_data(as_text=True)


def test_upload_needs_a_csrf_token(make_app, session):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = _upload(client, Path(fixture("small.yaml")).read_bytes())
    assert response.status_code == 400
    assert row_counts(session)["organisations"] == 0


def test_an_oversized_upload_is_refused(make_app, session):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    response = _upload(client, Path(fixture("small.yaml")).read_bytes())
    assert response.status_code == 413
    assert row_counts(session)["organisations"] == 0


def test_the_export_needs_restricted_evidence_clearance(client_as, make):
    make.evidence(
        title="Childline case", text="A confidential account", sensitivity=Sensitivity.RESTRICTED
    )
    viewer = client_as("viewer")
    refused = viewer.get("/bundles/export.yaml")
    assert refused.status_code == 403
    assert "A confidential account" not in refused.get_data(as_text=True)
    page = viewer.get("/bundles/").get_data(as_text=True)
    assert "/bundles/export.yaml" not in page and "needs\n    restricted-evidence clearance" in page

    cleared = client_as("viewer", clearance=True).get("/bundles/export.yaml")
    assert cleared.status_code == 200
    assert "A confidential account" in cleared.get_data(as_text=True)
