"""The site-wide index's migrations (20261207_site_search, 20261207_site_search_vectors): head
holds one index per searched table, built from the registry's description, in the layout a
search pages from (SQLite: kind, id and flags in the rowid; PostgreSQL: a stored generated
vector with a GIN index); down and up again rebuilds it from the rows; and a batch write (an
import) keeps it in step."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text
from sqlmodel import select

from campaign import migrations
from campaign import models as m
from campaign.db import get_engine
from campaign.search.site import site_tables

BEFORE = "20261207_lines_to_take"


def site_objects(connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE name LIKE 'site_search%'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%site_search'"
    return set(connection.execute(text(query)).scalars())


def expected(dialect: str, tables: set[str] | None = None) -> set[str]:
    """The index's objects for the searched tables (those of `tables` only, when given: an
    older revision has fewer tables)."""
    specs = [spec for spec in site_tables() if tables is None or spec.table in tables]
    if dialect == "sqlite":
        shadow = {
            f"site_search{s}" for s in ("", "_data", "_idx", "_content", "_docsize", "_config")
        }
        return shadow | {name for spec in specs for name in spec.triggers}
    return {spec.pg_index for spec in specs}


def test_head_holds_an_index_for_every_searched_record(app):
    with app.app_context(), get_engine().connect() as connection:
        assert site_objects(connection) == expected(connection.dialect.name)


def test_down_and_up_again_rebuilds_it_from_the_rows(app, client, make):
    make.statistic(label="Kept quuxrebuild figure", key="kept")
    with app.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        migrations.downgrade(engine, BEFORE)
        with engine.connect() as connection:
            assert site_objects(connection) == set()
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
    body = client.get("/api/v1/search?q=quuxrebuild").get_json()
    assert [item["key"] for item in body["items"]] == ["kept"]


def test_a_bundle_import_is_searchable_at_once(runner, client, tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\nsources:\n"
        "  - {key: s1, title: Quuximport report, kind: report}\n"
    )
    assert runner.invoke(args=["import-bundle", str(path)]).exit_code == 0
    body = client.get("/api/v1/search?q=quuximport").get_json()
    assert [item["key"] for item in body["items"]] == ["s1"]


# -- layout 2 (20261207_site_search_vectors): what lets a search page from the index -------

FIRST_LAYOUT = "20261207_site_search"


def layout(connection, tables: set[str] | None = None) -> dict[str, list[str]]:
    """SQLite: the FTS5 table's columns; PostgreSQL: per searched table (of `tables` only,
    when given), its generated columns and the definition of its site-search index."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("PRAGMA table_info(site_search)"))
        return {"site_search": [row[1] for row in rows]}
    found = {}
    for spec in site_tables():
        if tables is not None and spec.table not in tables:
            continue
        generated = connection.execute(
            text(
                "SELECT column_name || ' ' || data_type FROM information_schema.columns"
                " WHERE table_name = :table AND is_generated = 'ALWAYS'"
            ),
            {"table": spec.table},
        )
        index = connection.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
            {"name": spec.pg_index},
        )
        found[spec.table] = [*generated.scalars(), *index.scalars()]
    return found


def test_head_keeps_what_a_search_filters_and_ranks_on_beside_the_words(app):
    with app.app_context(), get_engine().connect() as connection:
        found = layout(connection)
    if connection.dialect.name == "sqlite":
        assert found == {"site_search": ["title", "body"]}  # kind, id and flags: the rowid
    else:
        for spec in site_tables():
            column, index = found[spec.table]
            assert column == "search_vector tsvector"
            assert "USING gin (search_vector)" in index, index


def test_the_index_holds_every_row_as_its_table_does(app, client, make, session):
    make.evidence(key="open", title="Open quuxrows")
    make.evidence(key="closed", title="Closed", sensitivity=m.Sensitivity.RESTRICTED)
    make.statistic(key="old", label="Old", archived_at=datetime(2026, 1, 1, tzinfo=UTC))
    closed = session.exec(select(m.Evidence).where(m.Evidence.key == "closed")).one()
    assert client.post(f"/evidence/{closed.id}/archive").status_code == 302
    with app.app_context(), get_engine().connect() as connection:
        for spec in site_tables():
            if connection.dialect.name == "sqlite":
                expected = f"SELECT {spec.rowid_sql()} FROM {spec.table}"  # noqa: S608
                first, last = spec.rowids
                held = f"SELECT rowid FROM site_search WHERE rowid BETWEEN {first} AND {last}"  # noqa: S608
                rows = [set(connection.execute(text(q)).scalars()) for q in (expected, held)]
                assert rows[0] == rows[1], spec.table
            else:
                stale = connection.execute(
                    text(
                        f"SELECT count(*) FROM {spec.table}"  # noqa: S608
                        f" WHERE search_vector IS DISTINCT FROM {spec.vector_sql()}"
                    )
                )
                assert stale.scalar() == 0, spec.table
        if connection.dialect.name == "sqlite":  # flags: archived 1, restricted 2
            code = next(spec.code for spec in site_tables() if spec.kind == "evidence")
            found = "SELECT rowid FROM site_search WHERE (rowid - (:code << 40)) >> 2 = :id"
            rowid = connection.execute(text(found), {"code": code, "id": closed.id}).scalar()
            assert rowid == (code << 40) + (closed.id << 2) + 3


def test_down_to_the_first_layout_and_up_again(app, client, make):
    make.statistic(label="Kept quuxlayout figure", key="kept")
    make.source(
        key="gone", title="Withdrawn quuxlayout", archived_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    with app.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        migrations.downgrade(engine, FIRST_LAYOUT)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())  # fewer than at head
            found = layout(connection, tables)
            assert site_objects(connection) == expected(connection.dialect.name, tables)
        if engine.dialect.name == "sqlite":
            assert found["site_search"][:2] == ["kind", "row_id"]
        else:
            assert all(
                len(defined) == 1 and "to_tsvector" in defined[0] for defined in found.values()
            )
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
    assert [i["key"] for i in client.get("/api/v1/search?q=quuxlayout").get_json()["items"]] == [
        "kept"
    ]
    body = client.get("/api/v1/search?q=quuxlayout&archived=1").get_json()
    assert {i["key"] for i in body["items"]} == {"kept", "gone"}
