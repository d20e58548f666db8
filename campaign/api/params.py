"""Query-parameter parsing for list endpoints. A bad value is a 400 whose detail names the
parameter (`per_page: must be a whole number from 1 to 200`); unknown parameters are ignored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session
from werkzeug.exceptions import BadRequest

from campaign.entities.params import Param

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000  # keeps OFFSET within every database's integer range


def bad_parameter(name: str, message: str) -> BadRequest:
    return BadRequest(description=f"{name}: {message}")


@dataclass(frozen=True)
class ListArgs:
    page: int
    per_page: int
    args: dict[str, str]  # the validated arguments, for the query and for the `next` link


def _text(args: Mapping[str, str], name: str) -> str:
    value = (args.get(name) or "").strip()
    if "\x00" in value:  # PostgreSQL text cannot hold NUL; no key or title contains one
        raise bad_parameter(name, "must not contain a NUL character")
    return value


def whole_number(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = _text(args, name)
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise bad_parameter(name, f"must be a whole number from 1 to {maximum}")
    return int(raw)


def parse_list_args(
    session: Session,
    args: Mapping[str, str],
    *,
    sorts: Sequence[str],
    params: Sequence[Param],
) -> ListArgs:
    """Validate the standard list arguments (page, per_page, archived, sort, q) and the
    resource's own filters; raise BadRequest naming the first bad one."""
    page = whole_number(args, "page", 1, MAX_PAGE)
    per_page = whole_number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    clean: dict[str, str] = {}
    archived = _text(args, "archived")
    if archived not in {"", "0", "1"}:
        raise bad_parameter("archived", "must be 1 (archived rows) or 0 (active rows)")
    if archived == "1":
        clean["archived"] = "1"
    sort = _text(args, "sort")
    if sort:
        if sort.removeprefix("-") not in sorts:
            names = ", ".join(sorts)
            raise bad_parameter("sort", f"must be one of {names} (prefix - for descending)")
        clean["sort"] = sort
    q = _text(args, "q")
    if q:
        clean["q"] = q
    for param in params:
        value = _text(args, param.name)
        if not value:
            continue
        try:
            param.check(session, value)
        except ValueError as error:
            raise bad_parameter(param.name, str(error)) from error
        clean[param.name] = value
    if "per_page" in args:
        clean["per_page"] = str(per_page)
    return ListArgs(page=page, per_page=per_page, args=clean)
