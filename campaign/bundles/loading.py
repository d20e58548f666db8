"""Reading a bundle: YAML, then the schema, then the references between rows.

Every problem is collected and reported at once, each located by its path in the file
(`statistics[3].value: not a number`), so a user can fix a whole file in one pass.
"""

from __future__ import annotations

import re
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from campaign.bundles import yaml_io
from campaign.bundles.clearance import check_clearance
from campaign.bundles.errors import BundleError, BundleInvalid
from campaign.bundles.people import check_people
from campaign.bundles.references import check_references
from campaign.bundles.schema import EMAIL_PATTERN, KEY_PATTERN, SECTIONS, Bundle
from campaign.bundles.statistics import check_formulas
from campaign.common.forms import WEB_ADDRESS_MESSAGE, WEB_ADDRESS_PATTERN
from campaign.common.text import MESSAGE as SINGLE_LINE_MESSAGE
from campaign.common.text import SINGLE_LINE_PATTERN


def load_bundle(session: Session, text: str | bytes) -> Bundle:
    """Parse and check a bundle against the schema, the database, the user's clearance
    (`clearance.py`) and the erasure rules (`people.py`); raise BundleInvalid."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BundleInvalid(
                [BundleError((), f"not UTF-8 text (byte {exc.start} cannot be read)")]
            ) from None
    try:
        raw = yaml_io.parse(text)
    except yaml.YAMLError as exc:
        raise BundleInvalid([_yaml_error(exc)]) from None
    bundle, errors = validate(raw)
    errors += check_references(session, bundle, raw)
    errors += check_clearance(session, bundle)
    errors += check_formulas(session, bundle)
    errors += check_people(session, bundle)  # erased people stay erased
    if errors:
        raise BundleInvalid(sorted(errors, key=_file_order))
    return bundle


def _yaml_error(exc: yaml.YAMLError) -> BundleError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        context += f" started on line {context_mark.line + 1}, column {context_mark.column + 1}"
    message = f"{context}: {problem}" if context else problem
    if mark is None:
        return BundleError((), f"not valid YAML: {message}")
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    return BundleError((where,), f"not valid YAML: {message}")


def validate(raw: Any) -> tuple[Bundle, list[BundleError]]:
    """The bundle's valid rows, and an error for each problem the schema finds.

    A row that fails is None in the returned bundle (so the others keep their positions), and
    the reference checks still run on the rest: every error is reported in one pass."""
    if raw is None:
        return Bundle.model_construct(), [BundleError((), "the file is empty")]
    try:
        return Bundle.model_validate(raw), []
    except ValidationError as exc:
        errors = [BundleError(tuple(e["loc"]), _message(e)) for e in exc.errors()]
    if not isinstance(raw, dict):
        return Bundle.model_construct(), errors
    failed = {e.loc[:2] for e in errors}
    valid: dict[str, list] = {}
    for section in SECTIONS:
        rows = raw.get(section)
        if isinstance(rows, list) and (section,) not in failed:
            model = _item_model(Bundle, section)
            valid[section] = [
                None if (section, i) in failed else model.model_validate(row)
                for i, row in enumerate(rows)
            ]
    return Bundle.model_construct(**valid), errors


def _item_model(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    """The model of `field` on `model`, looking inside list[...] and Optional[...]."""
    annotation = model.model_fields[field].annotation
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _fields_at(loc: tuple[str | int, ...]) -> list[str]:
    model: type[BaseModel] | None = Bundle
    for part in loc:
        if isinstance(part, str):
            if model is None or part not in model.model_fields:
                return []
            model = _item_model(model, part)
    return list(model.model_fields) if model is not None else []


def _one_of(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" -> 'a, b, c'."""
    return expected.replace("'", "").replace(" or ", ", ")


_PATTERN_MESSAGES = {
    KEY_PATTERN: "must be lowercase letters, digits and hyphens",
    EMAIL_PATTERN: "not an email address",
    SINGLE_LINE_PATTERN: SINGLE_LINE_MESSAGE,
    WEB_ADDRESS_PATTERN: WEB_ADDRESS_MESSAGE[0].lower() + WEB_ADDRESS_MESSAGE[1:].rstrip("."),
}


def _message(error: dict[str, Any]) -> str:
    """Pydantic's error in the words of docs/bundles.md."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        allowed = _fields_at(error["loc"][:-1])
        return "unknown field" + (f"; expected one of {', '.join(allowed)}" if allowed else "")
    if kind == "enum":
        return f"must be one of {_one_of(ctx['expected'])}"
    if kind == "literal_error":
        return f"must be {_one_of(ctx['expected'])}"
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "string_pattern_mismatch":
        return _PATTERN_MESSAGES.get(ctx["pattern"], f"must match {ctx['pattern']}")
    if kind == "string_too_long":
        return f"too long: at most {ctx['max_length']} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        return "must be text"
    if kind == "list_type":
        return "must be a list"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return "must be a mapping of field: value"
    if kind in {"bool_type", "bool_parsing"}:
        return "must be true or false"
    return re.sub(r"^(Value error|Assertion failed), ", "", error["msg"])


_SECTION_ORDER = {name: i for i, name in enumerate(SECTIONS)}


def _file_order(error: BundleError) -> tuple[int, int]:
    """Errors grouped by list and row, in file order; top-level errors first."""
    loc = error.loc
    if not loc or loc[0] not in _SECTION_ORDER:
        return (-1, 0)
    row = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
    return (_SECTION_ORDER[loc[0]], row)
