"""A bundle's sections, derived from the registered entities (campaign.entities).

Each entity with a `BundleSpec` is a section, in catalogue order (the file order of a bundle
and the order rows are imported in). The sections whose rows hold more than plain columns
(a statistic's formula, an ask's links) are written by hand in `schema`, `exporter` and
`importer` and say `custom=True`; every other section is derived here from its `fields`:

- its row schema (`row_model`): the key, each field typed from its column (text no longer
  than the column, a choice of the enum, an ISO date, an exact decimal, true/false) and
  checked by the entity's form field of the same name (campaign.bundles.form_rules), then
  `archived`;
- its export (`export_row`) and import values (`import_values`).
"""

from __future__ import annotations

import enum
from decimal import Decimal
from functools import cache
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, Field, create_model
from sqlalchemy.types import TypeDecorator

from campaign.bundles.form_rules import checked_by
from campaign.bundles.values import ExactDecimal, IsoDate
from campaign.common.text import SingleLine
from campaign.entities import Entity, all_entities
from campaign.models.types import StrEnumType


def bundled() -> list[Entity]:
    return [e for e in all_entities() if e.bundle is not None]


def sections() -> dict[str, str]:
    """section -> the field that names its rows ("key"; asks: "slug"), in file order."""
    return {e.bundle_spec.section: e.key_field for e in bundled()}


def models() -> dict[str, type]:
    return {e.bundle_spec.section: e.model for e in bundled()}


def nouns() -> dict[str, str]:
    return {e.bundle_spec.section: e.name for e in bundled()}


def scopes() -> dict[str, Any]:
    """How each section's rows are narrowed to those the user may see (the entity's access
    rule), wherever a bundle looks rows up by key."""
    return {e.bundle_spec.section: e.scope for e in bundled() if e.scope is not None}


def derived() -> list[Entity]:
    """The sections derived from their fields (not written by hand)."""
    return [e for e in bundled() if not e.bundle_spec.custom]


# -- a derived section's row -------------------------------------------------------------


def _annotation(entity: Entity, name: str) -> tuple[Any, Any]:
    """(type, default) of one field of a derived row, from its column and form field."""
    column = entity.model.__table__.c[name]
    column_type = column.type
    default = column.default.arg if column.default is not None else None
    if callable(default):
        default = None
    required = not column.nullable and default is None and column.server_default is None
    base = column_type.impl if isinstance(column_type, TypeDecorator) else column_type
    kind: Any
    if isinstance(column_type, StrEnumType):
        kind = column_type.enum_cls
    elif isinstance(base, sa.Text):
        kind = str
    elif isinstance(base, sa.String):
        length = getattr(column_type, "length", None) or base.length
        kind = Annotated[SingleLine, Field(min_length=1 if required else None, max_length=length)]
    elif isinstance(base, sa.Date):
        kind = IsoDate
    elif isinstance(base, sa.Numeric):
        kind = ExactDecimal
    elif isinstance(base, sa.Boolean):
        kind = bool
    else:
        raise TypeError(f"{entity.name}.{name}: no bundle type for {column_type!r}")
    if column.nullable:
        kind = kind | None
    if hasattr(entity.form, name):  # the form field's own rules too (form_rules)
        kind = Annotated[kind, checked_by(entity.form, name)]
    if required:
        return kind, ...
    return kind, default


@cache
def row_model(entity: Entity) -> type[BaseModel]:
    """The pydantic model of one row of a derived section (`TagRow`, `LineRow` …)."""
    from campaign.bundles.schema import Archived, Key, Strict

    bundle_ = entity.bundle_spec
    fields: dict[str, Any] = {entity.key_field: (Key, ...)}
    for name in bundle_.fields:
        fields[name] = _annotation(entity, name)
    fields["archived"] = (Archived, False)
    return create_model(f"{entity.model.__name__}Row", __base__=Strict, **fields)


def export_row(entity: Entity, row: Any) -> dict[str, Any]:
    bundle_ = entity.bundle_spec
    values: dict[str, Any] = {entity.key_field: entity.key_of(row)}
    for name in bundle_.fields:
        value = getattr(row, name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, Decimal):
            value = str(value)
        values[name] = value
    values["archived"] = row.archived_at is not None
    return values


def import_values(entity: Entity, row: BaseModel) -> dict[str, Any]:
    bundle_ = entity.bundle_spec
    return {name: getattr(row, name) for name in bundle_.fields}
