"""No query per row: an import and the returns pages take a fixed number of statements."""

from __future__ import annotations

from sqlmodel import Session

from campaign import models as m
from campaign.db import get_engine
from campaign.returns.importer import apply_import
from tests.returns import data
from tests.returns.conftest import fixture_bytes
from tests.support.querycount import count_queries


def small_file() -> bytes:
    """Three forces, three years, platform counts: the same kinds of row as good.csv."""
    keep = set(data.ASKED[:3])
    return data.csv_text([r for r in data.returns() if r["force"] in keep]).encode()


def imported(app, source_key: str, content: bytes) -> list[str]:
    with app.app_context(), Session(get_engine()) as session:
        source = m.Source(key=source_key, title=source_key, kind=m.SourceKind.FOI_RETURN)
        session.add(source)
        session.commit()
        with count_queries(app) as statements:
            apply_import(
                session=session, source=source, filename="f.csv", data=content, imported_by="t"
            )
            session.commit()
    return statements


def test_an_import_does_not_query_per_row(app):
    few = imported(app, "small", small_file())
    many = imported(app, "large", fixture_bytes("good.csv"))
    assert len(many) == len(few)


def test_the_pages_do_not_query_per_row(app, client):
    imported(app, "small", small_file())
    imported(app, "large", fixture_bytes("good.csv"))
    for path in ("/returns/", "/returns/sources/{}"):
        counts = []
        for key in ("small", "large"):
            with count_queries(app) as statements:
                assert client.get(path.format(key)).status_code == 200
            counts.append(len(statements))
        assert counts[0] == counts[1], path
