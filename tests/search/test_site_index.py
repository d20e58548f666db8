"""The site-wide index's migration (20261207_site_search): head holds one index per searched
table, built from the registry's description; down and up again rebuilds it from the rows;
and a batch write (an import) keeps it in step."""

from __future__ import annotations

from sqlalchemy import text

from campaign import migrations
from campaign.db import get_engine
from campaign.search.site import site_tables

BEFORE = "20261207_lines_to_take"


def site_objects(connection) -> set[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE name LIKE 'site_search%'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%site_search'"
    return set(connection.execute(text(query)).scalars())


def expected(dialect: str) -> set[str]:
    if dialect == "sqlite":
        shadow = {
            f"site_search{s}" for s in ("", "_data", "_idx", "_content", "_docsize", "_config")
        }
        return shadow | {name for spec in site_tables() for name in spec.triggers}
    return {spec.pg_index for spec in site_tables()}


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
