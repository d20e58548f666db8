"""A write request's JSON body as form input, and the JSON errors a write can answer.

A body holds the item's form fields by name (docs/api.md "Writing"). Other rows may be named
by key instead of id, under the field's name without `_id`: `source`, `organisation`,
`link_ask` (a slug), `targets` (keys), and `ask` (a slug) in a response's `positions`.
Decimals are parsed exactly (`parse_float=Decimal`): 0.1 stays 0.1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import jsonify, request
from sqlmodel import Session, select
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from campaign.models import Ask, Organisation, Source

Json = dict[str, Any]
MULTI = (list, tuple)


class Refused(Exception):  # noqa: N818  (a refusal, answered as it is)
    """A write refused with an error body of our own (422 with `fields`, 409 with `current`),
    in the API's error shape; the write views answer `.response`."""

    def __init__(self, status: int, title: str, detail: str, headers=(), **extra: Any):
        super().__init__(detail)
        self.response = jsonify(error={"status": status, "title": title, "detail": detail, **extra})
        self.response.status_code = status
        for name, value in headers:
            self.response.headers[name] = value


def unprocessable(detail: str, fields: Mapping[str, list[str]]) -> Refused:
    return Refused(422, "Unprocessable Entity", detail, fields=dict(fields))


def invalid(fields: Mapping[str, list[str]], *, what: str) -> Refused:
    """422 naming every field with its messages."""
    shown = "; ".join(f"{name or 'form'}: {' '.join(msgs)}" for name, msgs in fields.items())
    return unprocessable(f"The {what} was not saved. {shown}".strip(), fields)


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number")


def read_body() -> Json:
    """The request's JSON object, or a 415/400 saying what is wrong with it."""
    if not request.is_json:
        raise UnsupportedMediaType(
            description="Send the body as JSON (Content-Type: application/json)."
        )
    text = request.get_data(as_text=True)
    try:
        body = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except ValueError as error:
        raise BadRequest(description=f"The body is not valid JSON: {error}") from None
    if not isinstance(body, dict):
        raise BadRequest(description='The body must be a JSON object: {"field": value, …}.')
    return body


# -- references by key -------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    field: str  # the form's field: "source_id"
    model: type
    column: str  # "key" or "slug"
    what: str  # "source with key"
    many: bool = False


REFERENCES = {
    "source": Reference("source_id", Source, "key", "source with key"),
    "organisation": Reference("organisation_id", Organisation, "key", "organisation with key"),
    "link_ask": Reference("link_ask_id", Ask, "slug", "ask with slug"),
    "targets": Reference("target_ids", Organisation, "key", "organisation with key", many=True),
}
ASK_REFERENCE = Reference("ask_id", Ask, "slug", "ask with slug")
POSITION_FIELDS = frozenset({"ask_id", "position", "note"})


class _Errors(dict):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


def _id_of(session: Session, ref: Reference, value: Any, name: str, errors: _Errors) -> Any:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        errors.add(name, f"Give the {ref.what.split()[-1]} as a string.")
        return ""
    column = getattr(ref.model, ref.column)
    found = None
    if "\x00" not in value:
        found = session.exec(select(ref.model.id).where(column == value)).first()
    if found is None:
        errors.add(name, f"No {ref.what} '{value}'.")
        return ""
    return found


def _positions(session: Session, entries: Any, errors: _Errors) -> Any:
    """A response's positions, each naming its ask by `ask` (slug) or `ask_id`."""
    if not isinstance(entries, MULTI) or not all(isinstance(e, Mapping) for e in entries):
        errors.add("positions", 'Give a list of {"ask": slug, "position": …, "note": …}.')
        return []
    out = []
    for i, entry in enumerate(entries):
        entry = dict(entry)
        for unknown in sorted(set(entry) - POSITION_FIELDS - {"ask"}):
            errors.add(f"positions.{i}.{unknown}", "Unknown field.")
        if "ask" in entry:
            if "ask_id" in entry:
                errors.add(f"positions.{i}.ask", "Give ask or ask_id, not both.")
            slug = entry.pop("ask")
            entry["ask_id"] = _id_of(session, ASK_REFERENCE, slug, f"positions.{i}.ask", errors)
        out.append({k: v for k, v in entry.items() if k in POSITION_FIELDS})
    return out


@dataclass
class Input:
    values: Json  # form field -> value, ready for to_formdata
    renamed: dict[str, str]  # form field -> the name the body used for it ("source_id" -> "source")


def form_input(
    session: Session, body: Mapping[str, Any], *, base: Json, allowed: set[str]
) -> Input:
    """`base` (the item's current values, or {} for a new one) overlaid with `body`.

    `allowed` are the form fields a body may set; `lists` come from `base` (fields whose
    value is a list). Unknown names, reference keys that name nothing, and values of the
    wrong shape are collected and refused together (422)."""
    errors = _Errors()
    values = dict(base)
    renamed: dict[str, str] = {}
    for name, value in body.items():
        ref = REFERENCES.get(name)
        if ref is not None and ref.field in allowed:
            if ref.field in body:
                errors.add(name, f"Give {name} or {ref.field}, not both.")
                continue
            renamed[ref.field] = name
            if ref.many:
                if not isinstance(value, MULTI):
                    errors.add(name, "Give a list of keys.")
                    continue
                values[ref.field] = [_id_of(session, ref, v, name, errors) for v in value]
            else:
                values[ref.field] = _id_of(session, ref, value, name, errors)
        elif name not in allowed:
            errors.add(name, "Unknown field.")
        elif name == "positions":
            values[name] = _positions(session, value, errors)
        elif isinstance(value, Mapping):
            errors.add(name, "Give a string, a number, true, false or null.")
        elif isinstance(value, MULTI) != isinstance(base.get(name), MULTI):
            errors.add(
                name,
                "Give a list."
                if isinstance(base.get(name), MULTI)
                else "Give one value, not a list.",
            )
        else:
            values[name] = value
    if errors:
        unknown = [name for name, msgs in errors.items() if msgs == ["Unknown field."]]
        if unknown and len(unknown) == len(errors):
            raise unprocessable(f"Unknown fields: {', '.join(unknown)}.", errors)
        raise invalid(errors, what="item")
    return Input(values=values, renamed=renamed)


def flat_errors(errors: Mapping[Any, Any], renamed: Mapping[str, str], prefix: str = "") -> dict:
    """A form's `errors` as {field: [messages]}: sub-forms as `positions.0.note`, a field the
    body named by key under that name (`source`), form-wide messages under "_form"."""
    out: dict[str, list[str]] = {}
    for name, value in errors.items():
        key = "_form" if name is None else f"{prefix}{renamed.get(name, name)}"
        if isinstance(value, Mapping):
            out.update(flat_errors(value, {}, f"{key}."))
        elif isinstance(value, MULTI) and any(isinstance(v, Mapping | list) for v in value):
            for i, entry in enumerate(value):
                if isinstance(entry, Mapping):
                    out.update(flat_errors(entry, {}, f"{key}.{i}."))
                elif entry:
                    out[f"{key}.{i}"] = [str(m) for m in entry]
        elif value:
            out[key] = [str(m) for m in value]
    return out
