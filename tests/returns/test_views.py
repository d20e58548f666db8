"""The returns pages: upload → preview → import through the HTTP client, and the audit view."""

from __future__ import annotations

import io
import re
from html import unescape

from sqlmodel import select

from campaign import models as m
from tests.returns import data
from tests.returns.conftest import fixture_bytes, row_counts, statistics


def upload(client, source, content: bytes, filename: str = "good.csv"):
    return client.post(
        "/returns/import",
        data={"source": str(source.id), "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def confirm(client, page: str, imported_by: str = "Sam Jones"):
    return client.post(
        "/returns/import/confirm",
        data={
            "source_id": hidden(page, "source_id"),
            "sha256": hidden(page, "sha256"),
            "filename": hidden(page, "filename"),
            "imported_by": imported_by,
        },
    )


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_linked_from_every_page_and_lists_nothing_yet(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/returns/"' in home and "Import returns" in home
    page = client.get("/returns/").get_data(as_text=True)
    assert "No returns imported yet." in page and 'href="/returns/import"' in page


def test_the_form_offers_active_sources_foi_returns_first(client, make, foi):
    """The Source is a chooser (docs/choosers.md): `?source=<key>` chooses one; typed words
    offer the matching active sources, FOI returns first."""
    report = make.source(title="A report on NSPCC returns", kind=m.SourceKind.REPORT)
    make.source(title="Gone NSPCC", kind=m.SourceKind.FOI_RETURN, archived_at=foi.created_at)
    page = client.get("/returns/import?source=nspcc-foi").get_data(as_text=True)
    assert f'<input type="hidden" name="source" value="{foi.id}">' in page
    assert "<option" not in page and "A report" not in page
    assert 'accept=".csv,.xlsx"' in page and 'enctype="multipart/form-data"' in page
    offered = client.post(
        "/returns/import",
        data={"source_find": "nspcc", "file": (io.BytesIO(b"force,period\n"), "r.csv")},
    )
    assert offered.status_code == 422
    radios = re.findall(r'<input type="radio" name="source" value="(\d+)"', offered.text)
    assert radios == [str(foi.id), str(report.id)]  # FOI returns first; not the archived one
    assert "Choose one of the 2 sources matching “nspcc”." in offered.text
    blank = client.post("/returns/import", data={"source_find": ""})
    assert "Choose the source these returns answer." in blank.text


def test_preview_then_import(client, session, foi):
    response = upload(client, foi, fixture_bytes("good.csv"))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = text_of(page)
    assert "Preview: good.csv" in text and "Nothing has been imported yet." in text
    assert "New 135 Replaced 0 Unchanged 0" in text
    assert "2022/23 45 35 33,226 Dyfed-Powys Police" in text
    assert "Statistics: 22 to create, 0 to update, 0 unchanged" in text
    assert "Create Offences recorded by the 35 forces providing usable data, 2022/23" in text
    assert "Import 135 rows" in text
    assert row_counts(session)["force_returns"] == 0  # a preview writes nothing

    response = confirm(client, page)

    assert response.status_code == 302
    assert response.location == "/returns/sources/nspcc-foi"
    audit = text_of(client.get(response.location).get_data(as_text=True))
    assert (
        "Imported good.csv into “NSPCC FOI returns”: 135 rows (135 new, 0 replaced, "
        "0 unchanged); statistics: 22 created, 0 updated, 0 unchanged." in audit
    )
    assert row_counts(session)["force_returns"] == 135
    record = session.exec(select(m.ReturnImport)).one()
    assert (record.imported_by, record.filename) == ("Sam Jones", "good.csv")
    assert statistics(session, "nspcc-foi")["returns-nspcc-foi-offences-2022-23"].value == 33226

    # The kept upload is gone once imported: the same confirmation cannot run twice.
    again = confirm(client, page)
    assert again.status_code == 302 and again.location == "/returns/import?source=nspcc-foi"
    assert "no longer on the server" in client.get(again.location).get_data(as_text=True)
    assert row_counts(session)["return_imports"] == 1


def test_an_xlsx_upload(client, session, foi):
    response = upload(client, foi, data.xlsx_bytes(), "returns.xlsx")
    assert response.status_code == 200
    assert confirm(client, response.get_data(as_text=True)).status_code == 302
    assert statistics(session, "nspcc-foi")["returns-nspcc-foi-offences-2022-23"].value == 33226


def test_every_error_is_listed_and_nothing_is_kept(client, session, foi, tmp_path):
    response = upload(client, foi, fixture_bytes("bad-rows.csv"), "bad-rows.csv")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported." in page and "3 problems in bad-rows.csv" in page
    items = [
        (unescape(where), unescape(message))
        for where, message in re.findall(
            r"<li><code>(.*?)</code>: (.*?)</li>",
            page.split('id="returns-errors"')[1].split("</ul>")[0],
        )
    ]
    assert items == [
        (
            'row 7, column "force"',
            'unknown force "Avon and Somrset": did you mean "Avon and Somerset Constabulary"?',
        ),
        ('row 8, column "offences"', '"12.5" is not a whole number'),
        ('row 9, column "platform:Snapchat"', "120 is more than the force's 91 offences"),
    ]
    assert 'id="confirm-form"' not in page
    assert row_counts(session)["force_returns"] == 0
    assert not list((tmp_path / "uploads").glob("*"))  # a refused file is not kept


def test_wrong_type_and_too_large(make_app, session, foi, tmp_path):
    client = make_app(RETURNS_MAX_BYTES=1000, RETURNS_UPLOAD_FOLDER=str(tmp_path)).test_client()

    response = upload(client, foi, b"force,period,offences\n", "returns.txt")
    assert response.status_code == 422
    assert "Choose a .csv or .xlsx file." in response.get_data(as_text=True)

    response = upload(client, foi, fixture_bytes("good.csv"))
    assert response.status_code == 422
    assert "the largest accepted is 1,000 bytes (setting RETURNS_MAX_BYTES)" in text_of(
        response.get_data(as_text=True)
    )
    assert row_counts(session)["force_returns"] == 0


def test_confirmation_needs_a_name_and_the_pages_own_fields(client, session, foi):
    page = upload(client, foi, fixture_bytes("good.csv")).get_data(as_text=True)

    response = confirm(client, page, imported_by="")
    assert response.status_code == 422
    assert "Enter who is importing the file." in response.get_data(as_text=True)
    assert row_counts(session)["force_returns"] == 0

    tampered = {
        "source_id": str(foi.id),
        "sha256": "../../etc/passwd",
        "filename": "good.csv",
        "imported_by": "Sam",
    }
    assert client.post("/returns/import/confirm", data=tampered).status_code == 400
    unknown = tampered | {"sha256": "0" * 64}
    assert client.post("/returns/import/confirm", data=unknown).status_code == 302
    assert row_counts(session)["force_returns"] == 0


def test_a_corrected_upload_previews_its_replacements(client, session, foi, tmp_path):
    confirm(client, upload(client, foi, fixture_bytes("good.csv")).get_data(as_text=True))
    content = fixture_bytes("good.csv").replace(
        b"\nKent Police,2022/23,", b"\nKent Police,2022/23,1"
    )

    page = upload(client, foi, content, "corrected.csv").get_data(as_text=True)

    text = text_of(page)
    assert "New 0 Replaced 1 Unchanged 134" in text
    assert re.search(r"Kent Police 2022/23 [\d,]+ [\d,]+ good\.csv", text)
    assert "Update Offences recorded by the 35 forces providing usable data, 2022/23" in text

    kept = set((tmp_path / "uploads").glob("*"))
    same = upload(client, foi, fixture_bytes("good.csv")).get_data(as_text=True)
    assert "Nothing to import" in same and 'id="confirm-form"' not in same
    assert set((tmp_path / "uploads").glob("*")) == kept  # nothing to confirm, nothing kept


def test_the_audit_page_shows_every_return(client, runner, session, foi, tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(fixture_bytes("good.csv"))
    assert (
        runner.invoke(
            args=["import-returns", str(path), "--source", "nspcc-foi", "--by", "Sam"]
        ).exit_code
        == 0
    )

    page = client.get("/returns/sources/nspcc-foi").get_data(as_text=True)

    text = text_of(page)
    assert "135 returns from 45 forces for 3 periods." in text
    headings = re.findall(r'<th scope="col">(.*?)</th>', page)
    assert headings == [
        "Force",
        "Period",
        "Offences",
        "Instagram",
        "Snapchat",
        "Note",
        "File row",
        "Import",
    ]
    assert page.count("<tr>") == 136
    assert "Dyfed-Powys Police 2017/18 no usable data Not held in a retrievable form" in text
    assert re.search(
        r"Avon and Somerset Constabulary 2022/23 [\d,]+ [\d,]+ [\d,]+ 92 good\.csv", text
    )
    assert client.get("/returns/sources/no-such-source").status_code == 404

    index = text_of(client.get("/returns/").get_data(as_text=True))
    assert "NSPCC FOI returns 135 45 3 (2017/18 to 2022/23) Returns, force by force" in index
    assert "good.csv 135 Sam" in index


def test_the_source_page_summarises_its_returns(client, runner, foi, make, tmp_path):
    page = client.get(f"/sources/{foi.id}").get_data(as_text=True)
    assert "No returns imported yet." in page
    assert 'href="/returns/import?source=nspcc-foi"' in page
    report = make.source(kind=m.SourceKind.REPORT)
    assert "Imported FOI returns" not in client.get(f"/sources/{report.id}").get_data(as_text=True)

    path = tmp_path / "good.csv"
    path.write_bytes(fixture_bytes("good.csv"))
    runner.invoke(args=["import-returns", str(path), "--source", "nspcc-foi"])

    text = text_of(client.get(f"/sources/{foi.id}").get_data(as_text=True))
    assert "135 returns from 45 forces for 3 periods (2017/18 to 2022/23)." in text
    assert 'href="/returns/sources/nspcc-foi"' in client.get(f"/sources/{foi.id}").get_data(
        as_text=True
    )


def test_with_csrf_on_every_form_carries_its_token(make_app, session, foi, tmp_path):
    client = make_app(WTF_CSRF_ENABLED=True, RETURNS_UPLOAD_FOLDER=str(tmp_path)).test_client()
    form = client.get("/returns/import").get_data(as_text=True)
    token = hidden(form, "csrf_token")

    refused = upload(client, foi, fixture_bytes("good.csv"))
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)

    page = client.post(
        "/returns/import",
        data={
            "csrf_token": token,
            "source": str(foi.id),
            "file": (io.BytesIO(fixture_bytes("good.csv")), "good.csv"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    confirm_form = page.split('id="confirm-form"')[1]
    assert confirm(client, page).status_code == 400  # without the token
    response = client.post(
        "/returns/import/confirm",
        data={
            "csrf_token": hidden(confirm_form, "csrf_token"),
            "source_id": hidden(page, "source_id"),
            "sha256": hidden(page, "sha256"),
            "filename": hidden(page, "filename"),
            "imported_by": "Sam",
        },
    )
    assert response.status_code == 302
    assert row_counts(session)["force_returns"] == 135
