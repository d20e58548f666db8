"""One description per kind of record (asks, statistics, sources, evidence, responses,
milestones, organisations, tags …), in the spirit of Django's `ModelAdmin`.

Each area describes its record once, in `campaign/<area>/entity.py`, as an `Entity`: its model,
its form (the one validation every door goes through), its create/update services, its list
spec, its JSON shape, its access rule, whether its changes are revisioned and how it appears in
a bundle. `catalogue.ENTITY_MODULES` names those modules: that line is the one registration.

Everything that treats records alike derives from the registry instead of listing them: the
API's read and write routes, bundle sections, revision history, the pages' form handling
(campaign.crud.views) and the test suite's role walk, leak crawl and factories.
docs/architecture.md "Adding a kind of record" walks through it.

This package is below the web layer: it imports no views, and the areas' views import it.
"""

from campaign.entities.description import ApiSpec, AskLinks, BundleSpec, Entity, SearchSpec
from campaign.entities.registry import all_entities, entity_for, entity_named

__all__ = [
    "ApiSpec",
    "AskLinks",
    "BundleSpec",
    "Entity",
    "SearchSpec",
    "all_entities",
    "entity_for",
    "entity_named",
]
