"""Upload limits and type checks for the two uploads (bundle import, FOI returns): a request
over MAX_CONTENT_LENGTH gets the friendly 413 page; a file over its own limit, of the wrong
type, or not what its name says is refused with a clear message (never a 500), and nothing is
written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from campaign.models import Organisation

RETURNS = Path(__file__).resolve().parent.parent / "returns" / "fixtures" / "good.csv"


def upload(client, url: str, name: str, content: bytes, **fields):
    """A multipart POST as a browser sends it, built in memory (the test client would spool a
    large body to a temporary file that a refused request leaves open)."""
    parts = [
        f'--B\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + b"--B--\r\n"
    return client.post(url, data=body, content_type="multipart/form-data; boundary=B")


def organisations(session) -> int:
    return session.exec(select(func.count()).select_from(Organisation)).one()


@pytest.mark.parametrize("url", ["/bundles/", "/returns/import"])
def test_a_request_over_max_content_length_gets_the_413_page(make_app, url):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    response = upload(client, url, "big.csv", b"x" * 4096)
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "The file is too large" in text and "0.000977 MB" not in text
    assert "MAX_CONTENT_LENGTH" in text and "Back to the dashboard" in text
    assert response.headers["Content-Security-Policy"]


def test_the_413_page_names_the_limit_in_megabytes(make_app):
    client = make_app(MAX_CONTENT_LENGTH=2 * 1024 * 1024).test_client()
    response = upload(client, "/bundles/", "big.yaml", b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "the largest upload accepted is 2 MB" in response.get_data(as_text=True)


def test_a_bundle_over_bundle_max_bytes_is_refused(make_app, session):
    client = make_app(BUNDLE_MAX_BYTES=100).test_client()
    response = upload(client, "/bundles/", "small.yaml", b"organisations: []\n" * 10)
    assert response.status_code == 422
    assert "(setting BUNDLE_MAX_BYTES)" in response.get_data(as_text=True)
    assert organisations(session) == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("campaign.exe", b"MZ\x90\x00", "Choose a .yaml or .yml file."),
        ("campaign.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8 text"),
        ("campaign.yaml", b"organisations: [unclosed\n  - key: x: y", "not valid YAML"),
        ("campaign.yaml", b"just a string, not a bundle", "must be a mapping"),
        ("campaign.yaml", b"\x00\x01\x02binary", "not valid YAML"),
    ],
)
def test_a_bundle_that_is_not_a_yaml_bundle_is_refused_clearly(
    client, session, name, content, message
):
    response = upload(client, "/bundles/", name, content)
    assert response.status_code == 422, response.status_code
    assert message in response.get_data(as_text=True)
    assert organisations(session) == 0


@pytest.fixture
def foi_source(make):
    return make.source(title="FOI returns", key="foi-returns")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("returns.exe", b"MZ\x90\x00", "Choose a .csv or .xlsx file."),
        ("returns.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8 text"),
        ("returns.csv", b"force,period\x00,offences\n", "not a text file"),
        ("returns.csv", b"PK\x03\x04 zipped", "this looks like an Excel workbook"),
        ("returns.xlsx", b"force,period,offences\n", "not a readable .xlsx workbook"),
    ],
)
def test_a_returns_file_that_is_not_what_it_says_is_refused_clearly(
    client, foi_source, name, content, message
):
    response = upload(client, "/returns/import", name, content, source=str(foi_source.id))
    assert response.status_code == 422, response.status_code
    assert message in response.get_data(as_text=True)


def test_a_returns_file_over_returns_max_bytes_is_refused(make_app, make):
    client = make_app(RETURNS_MAX_BYTES=10).test_client()
    source = make.source(title="FOI returns", key="foi-returns")
    response = upload(client, "/returns/import", "good.csv", RETURNS.read_bytes(), source=source.id)
    assert response.status_code == 422
    assert "(setting RETURNS_MAX_BYTES)" in response.get_data(as_text=True)
