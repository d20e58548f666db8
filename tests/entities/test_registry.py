"""Every registered kind of record is on every surface that derives from the registry, and the
layers the registry relies on have no import cycles (issue 16)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from campaign.bundles.schema import SECTIONS, Bundle
from campaign.entities import all_entities
from campaign.revisions import revisioned
from tests.security.crawl import API_COLLECTIONS, API_MODELS, MODELS

ENTITIES = all_entities()
CAMPAIGN = Path(__file__).resolve().parents[2] / "campaign"


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_every_record_is_on_every_surface(app, entity):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    pages = ["index", "detail", "new", "edit", "archive", "restore"]
    pages += ["history", "restore_version"] if entity.revisioned else []
    assert {f"{entity.plural}.{page}" for page in pages} <= endpoints
    assert (entity.model in revisioned()) == entity.revisioned
    assert MODELS[entity.plural] is entity.model  # the leak crawl
    if entity.api is not None:
        reads = {f"api.{entity.plural}", f"api.{entity.item_endpoint}"}
        writes = {f"api.create_{entity.name}", f"api.update_{entity.name}"}
        assert reads <= endpoints
        assert (writes <= endpoints) == entity.api.writable
        assert API_MODELS[f"api.{entity.item_endpoint}"] is entity.model
        assert (entity.plural in API_COLLECTIONS) == entity.revisioned
    if entity.bundle is not None:
        assert SECTIONS[entity.bundle.section] == entity.key_field
        assert entity.bundle.section in Bundle.model_fields


@pytest.mark.parametrize("entity", [e for e in ENTITIES if e.sample], ids=lambda e: e.name)
def test_a_record_made_by_its_form_reads_back_through_the_api_unchanged(client, make, entity):
    """Made through the form (`make.record`), shown by the API, and sent back through the
    form by an empty PATCH without a change."""
    row = make.record(entity)
    if entity.api is None:
        return
    key = entity.key_of(row)
    shown = client.get(f"/api/v1/{entity.plural}/{key}")
    assert shown.status_code == 200, shown.get_json()
    if entity.api.writable:
        patched = client.patch(f"/api/v1/{entity.plural}/{key}", json={})
        assert patched.status_code == 200, patched.get_json()
        # Nothing changed, so nothing was written: the same version (an ask once bumped it).
        assert patched.get_json() == shown.get_json()


def _imports(path: Path) -> set[str]:
    """The campaign modules `path` imports when it runs (not those under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text())
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("campaign"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("campaign"))
    return names


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in CAMPAIGN.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(CAMPAIGN.parent).with_suffix("").parts)
        package = _package(module.removesuffix(".__init__"))
        graph.setdefault(package, set()).update(
            _package(name) for name in _imports(path) if _package(name) != package
        )
    return graph


def test_common_imports_no_area_so_no_cycle_can_run_through_it():
    # The top-level infrastructure (`from campaign import clock, signals`), never an area.
    allowed = {"campaign", "campaign.models", "campaign.db", "campaign.clock", "campaign.settings"}
    allowed |= {"campaign.rendering", "campaign.signals"}
    outside = _package_graph()["campaign.common"] - allowed
    assert not outside, f"campaign/common imports {sorted(outside)}: move that code to an area"


def test_the_registry_and_revisions_import_no_page_code():
    graph = _package_graph()
    assert "campaign.crud" not in graph["campaign.entities"]
    assert "campaign.crud" not in graph["campaign.revisions"]
    assert "campaign.api" not in graph["campaign.entities"]


def test_the_ask_page_links_what_the_descriptions_say_links_to_asks():
    """The ask page's link kinds (campaign.asks.links, the asks area's own page rules) agree
    with each record's `ask_links`, which give the API its `?ask=` filter."""
    from campaign.asks.links import KINDS

    described = {
        entity.model: (entity.ask_links.model, entity.ask_links.column)
        for entity in ENTITIES
        if entity.ask_links is not None
    }
    for kind in KINDS.values():
        assert described[kind.item_model] == (kind.link_model, kind.item_fk), kind.name
