"""`GET` and `POST /api/v1/people/<key>/stances`: a person's stances on each ask, and a new
assessment (docs/api.md). Routes of the API blueprint, added from here so the API's generic
core is unchanged; the guard's rule (viewers and read tokens read, editors with a read-write
token write) applies as to every API address. A POST goes through the page's `StanceForm`
and `record_stance`: a refusal is a 422 naming each field, and nothing is saved."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask_login import current_user
from sqlmodel import Session, select

from campaign.api import bp as api_bp
from campaign.api.bodies import Refused, invalid, read_body
from campaign.common.formdata import to_formdata
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.entities.public import api_url
from campaign.models import Ask, Interaction, Person, Response
from campaign.people import stances
from campaign.people.stance_forms import StanceForm

# Body fields naming another row by its key: body name -> (form field, model, key column).
REFERENCES: dict[str, tuple[str, Any, str]] = {
    "ask": ("ask_id", Ask, "slug"),
    "interaction": ("interaction_id", Interaction, "key"),
    "response": ("response_id", Response, "key"),
}
PLAIN = ("stance", "assessed_on", "evidence", "recheck_by")


def _person(session: Session, key: str) -> Person:
    person = session.exec(select(Person).where(Person.key == key)).first()
    if person is None:
        abort(404, description=f"No person with key '{key}'.")
    return person


def _values(session: Session, person: Person, body: dict[str, Any]) -> dict[str, Any]:
    """The body as the form's input: keys become ids; unknown fields and keys that name no
    row are refused together (422), each under the name the body used."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {"person_id": person.id}
    for name, given in body.items():
        if name in REFERENCES:
            field, model, column = REFERENCES[name]
            if given is None or given == "":
                continue
            found = None
            if isinstance(given, str) and "\x00" not in given:
                found = session.exec(
                    select(model.id).where(getattr(model, column) == given)
                ).first()
            if found is None:
                errors.setdefault(name, []).append(f"No {name} with {column} '{given}'.")
            values[field] = found
        elif name in PLAIN:
            if isinstance(given, dict | list):
                errors.setdefault(name, []).append("Give a string or null.")
            elif given is not None:
                values[name] = given
        else:
            errors.setdefault(name, []).append("Unknown field.")
    if errors:
        raise invalid(errors, what="stance")
    return values


def _body_name(field: str) -> str:
    """A form field's name as the body gives it (`ask_id` -> `ask`)."""
    return next((name for name, ref in REFERENCES.items() if ref[0] == field), field)


def _record(session: Session, person: Person):
    values = _values(session, person, read_body())
    form = StanceForm(formdata=to_formdata(values), meta={"csrf": False})
    for name in ("person_id", "ask_id", "interaction_id", "response_id"):
        getattr(form, name).prepare(session)
    if not form.validate():
        errors = {_body_name(name): [str(m) for m in msgs] for name, msgs in form.errors.items()}
        raise invalid(errors, what="stance")
    try:
        stance = stances.record_stance(
            session=session, data=form.data, assessed_by_id=current_user.id
        )
    except ServiceError as error:
        raise invalid(
            {_body_name(error.field or "_form"): [error.message]}, what="stance"
        ) from None
    response = jsonify(stances.stance_json(stance))
    response.status_code = 201
    response.headers["Location"] = api_url("api.person_stances", key=person.key)
    return response


@api_bp.route("/people/<key>/stances", methods=["GET", "POST"])
def person_stances(key: str):
    session = get_session()
    person = _person(session, key)
    if person.id is None:  # a saved row always has one
        abort(404)
    try:
        if request.method == "POST":
            return _record(session, person)
    except Refused as refused:
        return refused.response
    return jsonify(
        person=person.key,
        person_url=api_url("api.person", key=person.key),
        items=stances.stances_json(session, person),
    )
