"""The registered entities, in catalogue order (a record before the records that name it).

Each module in `catalogue.ENTITY_MODULES` defines `ENTITY`. They are imported on first use,
so importing this module never imports an area (areas import this package to describe
themselves).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from campaign.entities.description import Entity

_ENTITIES: list[Entity] = []
_BY_MODEL: dict[type, Entity] = {}  # looked up for every row a revision snapshot records


def all_entities() -> list[Entity]:
    """Every entity, in catalogue order (bundle sections are written and imported in it)."""
    if not _ENTITIES:
        from campaign.entities.catalogue import ENTITY_MODULES

        loaded = []
        for name in ENTITY_MODULES:
            entity = getattr(importlib.import_module(name), "ENTITY", None)
            if entity is None:
                raise LookupError(f"{name} defines no ENTITY")
            loaded.append(entity)
        names = [entity.name for entity in loaded]
        if len(set(names)) != len(names):
            raise ValueError(f"two entities share a name: {names}")
        _ENTITIES.extend(loaded)
        _BY_MODEL.update((entity.model, entity) for entity in loaded)
    return list(_ENTITIES)


def entity_named(name: str) -> Entity:
    for entity in all_entities():
        if entity.name == name:
            return entity
    raise KeyError(name)


def entity_for(model: type) -> Entity:
    """The entity of a model; KeyError for a model that is not a registered record."""
    if not _BY_MODEL:
        all_entities()
    return _BY_MODEL[model]
