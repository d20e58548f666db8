"""Asks: create and update, with slug, target and tag rules. No request, no flash, no commit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, select

from campaign import clock
from campaign.common.choosers import row_chooser
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import Ask, Organisation, Tag

# The ask filters of the milestone, timeline and response lists (500 asks at demo scale 10).
CHOOSER = row_chooser("ask", Ask, Ask.title, lookup="asks")

FIELDS = ("title", "summary", "status", "priority", "owner", "owner_email")
# Slugs that would collide with the area's own routes (/asks/new).
RESERVED_SLUGS = frozenset({"new"})
TAG_LENGTH = 60
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SPACES = re.compile(r"\s+")


# -- tags -------------------------------------------------------------------------------------
def parse_tags(text: str | None) -> list[str]:
    """'Encryption,  illegal HARMS codes, encryption' -> ['encryption', 'illegal harms codes']:
    lowercase, inner whitespace collapsed, blanks and repeats dropped, order kept."""
    names: list[str] = []
    for part in (text or "").split(","):
        name = _SPACES.sub(" ", part).strip().lower()
        if name and name not in names:
            names.append(name)
    return names


def tags_for(session: Session, names: Iterable[str]) -> list[Tag]:
    """The Tag rows for these (normalised) names, creating the missing ones."""
    names = list(names)
    too_long = [n for n in names if len(n) > TAG_LENGTH]
    if too_long:
        raise ServiceError(
            f"Keep each tag to {TAG_LENGTH} characters: “{too_long[0]}” is too long.",
            field="tag_names",
        )
    if not names:
        return []
    existing = {t.name: t for t in session.exec(select(Tag).where(Tag.name.in_(names)))}
    tags = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


def tag_text(ask: Ask) -> str:
    return ", ".join(sorted(t.name for t in ask.tags))


# -- targets ----------------------------------------------------------------------------------
def _targets(session: Session, ids: Iterable[int], *, allowed_archived: set[int]) -> list:
    ids = list(dict.fromkeys(int(i) for i in ids))
    if not ids:
        return []
    rows = {o.id: o for o in session.exec(select(Organisation).where(Organisation.id.in_(ids)))}
    for i in ids:
        org = rows.get(i)
        if org is None or (org.archived_at is not None and i not in allowed_archived):
            raise ServiceError("Choose targets from the list.", field="target_ids")
    return sorted((rows[i] for i in ids), key=lambda o: (o.name.lower(), o.id))


# -- slugs ------------------------------------------------------------------------------------
def _check_slug(session: Session, slug: str, *, exclude_id: int | None) -> None:
    if not _SLUG.match(slug):
        raise ServiceError("Use lowercase letters, digits and single hyphens.", field="slug")
    if slug in RESERVED_SLUGS:
        raise ServiceError(f"“{slug}” is reserved; choose another.", field="slug")
    query = select(Ask.id).where(Ask.slug == slug)
    if exclude_id is not None:
        query = query.where(Ask.id != exclude_id)
    if session.exec(query).first() is not None:
        raise ServiceError(f"Another ask already uses “{slug}”.", field="slug")


def _generated_slug(session: Session, title: str, *, exclude_id: int | None = None) -> str:
    slug = unique_key(session, Ask, title, exclude_id=exclude_id)
    if slug in RESERVED_SLUGS:
        slug = unique_key(session, Ask, f"{slug} ask", exclude_id=exclude_id)
    return slug


# -- create / update --------------------------------------------------------------------------
def create_ask(*, session: Session, data: dict[str, Any]) -> Ask:
    """A new ask from validated form data. A blank slug is made from the title."""
    slug = (data.get("slug") or "").strip()
    if slug:
        _check_slug(session, slug, exclude_id=None)
    targets = _targets(session, data.get("target_ids") or (), allowed_archived=set())
    tags = tags_for(session, parse_tags(data.get("tag_names")))
    ask = Ask(slug=slug or _generated_slug(session, data["title"]), title=data["title"])
    assign(ask, data, FIELDS)
    ask.summary = ask.summary or ""
    ask.owner = ask.owner or ""
    ask.targets = targets
    ask.tags = tags
    session.add(ask)
    session.flush()
    return ask


def update_ask(ask: Ask, *, session: Session, data: dict[str, Any]) -> None:
    """Apply validated form data. Every rule is checked before the row changes, so a refused
    edit leaves the ask (and its address) as it was."""
    slug = (data.get("slug") or "").strip()
    if not slug:
        slug = ask.slug  # a blank slug on edit keeps the current address
    elif slug != ask.slug:
        _check_slug(session, slug, exclude_id=ask.id)
    current = {o.id for o in ask.targets}
    targets = _targets(session, data.get("target_ids") or (), allowed_archived=current)
    tags = tags_for(session, parse_tags(data.get("tag_names")))
    # One UPDATE, so one new version: loading a collection for the assignments below would
    # otherwise autoflush the half-made change first.
    with session.no_autoflush:
        links_changed = [o.id for o in ask.targets] != [o.id for o in targets] or {
            t.name for t in ask.tags
        } != {t.name for t in tags}
        ask.slug = slug
        assign(ask, data, FIELDS)
        ask.summary = ask.summary or ""
        ask.owner = ask.owner or ""
        ask.targets = targets
        ask.tags = tags
        if links_changed:  # targets and tags alone would not touch the row
            ask.updated_at = clock.now()
    session.add(ask)
    session.flush()
