"""An item's revisions for reading (labelled, with readable values and word-level diffs of
long text), and restoring an earlier version's content."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from sqlmodel import Session, select

from campaign.common.chooser_field import ChooserField
from campaign.common.formdata import to_formdata
from campaign.common.services import ServiceError
from campaign.entities import Entity, entity_for
from campaign.models import Ask, Position, Revision
from campaign.revisions.recording import reverting
from campaign.revisions.snapshots import ARCHIVED

_WORDS = re.compile(r"\s+|[^\s]+")
LONG_TEXT = 80  # values longer than this are shown as a word diff rather than old → new


@dataclass
class FieldChange:
    label: str
    old: Markup
    new: Markup
    # A word-level diff, for long text: (the old text, removed words in <del>; the new text,
    # added words in <ins>), each shown in its own column.
    diff: tuple[Markup, Markup] | None = None


@dataclass
class RevisionView:
    revision: Revision
    changes: list[FieldChange] = field(default_factory=list)


def revisions_of(session: Session, obj, *, limit: int | None = None) -> list[Revision]:
    """Newest first."""
    query = (
        select(Revision)
        .where(Revision.entity == entity_for(type(obj)).name, Revision.entity_id == obj.id)
        .order_by(Revision.version.desc(), Revision.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


# -- display ----------------------------------------------------------------------------------
def _pair(choice) -> tuple[str, str]:
    """(value, label) of a WTForms SelectChoice or a plain (value, label) tuple."""
    if hasattr(choice, "value"):
        return str(choice.value), str(choice.label)
    return str(choice[0]), str(choice[1])


class Labeller:
    """Field labels and readable values from the item's own form, with its choices as the
    area prepares them (organisation names, ask titles …)."""

    def __init__(self, session: Session, entity: Entity, obj):
        form = entity.form(formdata=None, meta={"csrf": False})
        entity.prepare_form(session, form, obj)
        self.session = session
        self.labels = {f.short_name: f.label.text for f in form}
        self.labels[ARCHIVED] = "Archived"
        self.choices: dict[str, dict[str, str]] = {}
        # A chooser (a source among thousands) names only the values shown, one by one.
        self.choosers = {f.short_name: f.chooser for f in form if isinstance(f, ChooserField)}
        self._chosen: dict[tuple[str, str], str] = {}
        for f in form:
            options = getattr(f, "choices", None)
            if options:
                self.choices[f.short_name] = dict(_pair(c) for c in options)
        self._asks: dict[str, str] | None = None

    def label(self, name: str) -> str:
        return self.labels.get(name, name.replace("_", " ").capitalize())

    def _ask_title(self, ident: str) -> str:
        if self._asks is None:
            rows = self.session.exec(select(Ask.id, Ask.title))
            self._asks = {str(ident): title for ident, title in rows}
        return self._asks.get(str(ident), f"ask #{ident}")

    def text(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if name in self.choosers:
            if isinstance(value, list):  # several chosen rows (an ask's targets)
                names = self.choosers[name].labels(self.session, [str(v) for v in value])
                return ", ".join(names.get(str(v), f"#{v}") for v in value)
            return self._chosen_name(name, str(value))
        names = self.choices.get(name, {})
        if isinstance(value, list):
            if value and isinstance(value[0], dict):
                return "; ".join(self._entry(v) for v in value)
            return ", ".join(names.get(str(v), f"#{v}") for v in value)
        return names.get(str(value), str(value)) if names else str(value)

    def _chosen_name(self, name: str, value: str) -> str:
        if (name, value) not in self._chosen:
            label = self.choosers[name].label(self.session, value)
            self._chosen[name, value] = label or f"#{value}"
        return self._chosen[name, value]

    def _entry(self, entry: dict) -> str:
        """A row of a sub-form list: a response's position on an ask."""
        if "ask_id" in entry:
            value = str(entry.get("position") or "")
            position = Position(value).label if value in Position._value2member_map_ else value
            note = f" ({entry['note']})" if entry.get("note") else ""
            return f"{self._ask_title(entry['ask_id'])}: {position or 'not about this ask'}{note}"
        return ", ".join(f"{k}: {v}" for k, v in entry.items())


def word_diff(old: str, new: str) -> tuple[Markup, Markup]:
    """The old text with its removed words in <del>, and the new text with its added words in
    <ins> (a Before and an After column); every word escaped."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    before: list[Markup] = []
    after: list[Markup] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            before.append(escape("".join(a[i1:i2])))
            after.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:  # delete, replace
            before.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if j2 > j1:  # insert, replace
            after.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(before), Markup("").join(after)


def describe(labeller: Labeller, revision: Revision) -> RevisionView:
    view = RevisionView(revision)
    for name, (old, new) in revision.changes.items():
        old_text, new_text = labeller.text(name, old), labeller.text(name, new)
        long = max(len(old_text), len(new_text)) > LONG_TEXT and old is not None
        view.changes.append(
            FieldChange(
                label=labeller.label(name),
                old=escape(old_text),
                new=escape(new_text),
                diff=word_diff(str(old or ""), str(new or "")) if long else None,
            )
        )
    return view


def history(session: Session, entity: Entity, obj, *, limit: int | None = None):
    labeller = Labeller(session, entity, obj)
    return [describe(labeller, r) for r in revisions_of(session, obj, limit=limit)]


def compare(session: Session, entity: Entity, obj, theirs: dict, yours: dict):
    """Rows (label, theirs, yours, differs) for a conflict page: every field of the form."""
    labeller = Labeller(session, entity, obj)
    rows = []
    for name in dict.fromkeys([*theirs, *yours]):
        if name == ARCHIVED:
            continue
        a, b = theirs.get(name), yours.get(name)
        rows.append((labeller.label(name), labeller.text(name, a), labeller.text(name, b), a != b))
    return rows


# -- restoring --------------------------------------------------------------------------------
def restore_version(session: Session, entity: Entity, obj, revision: Revision) -> None:
    """Put `revision`'s content back through the item's form and update service: refused
    with a ServiceError naming the fields if that content is no longer valid (a target since
    archived, a slug taken since). Archiving is left as it is: that has its own buttons."""
    values = {k: v for k, v in revision.snapshot.items() if k != ARCHIVED}
    form = entity.bound_form(session, obj, to_formdata(values))
    if form.errors:
        problems = "; ".join(
            f"{views_label(form, name)}: {' '.join(_messages(errors))}"
            for name, errors in form.errors.items()
        )
        raise ServiceError(f"Version {revision.version} cannot be restored as it was: {problems}")
    with reverting(session, obj, revision.version):
        try:
            entity.update(obj, session=session, data=form.data)
            session.flush()
        except ServiceError as error:
            label = views_label(form, error.field) if error.field else ""
            raise ServiceError(
                f"Version {revision.version} cannot be restored as it was: "
                f"{label + ': ' if label else ''}{error.message}"
            ) from error


def views_label(form, name: str) -> str:
    field_ = getattr(form, name, None)
    return field_.label.text if field_ is not None else name


def _messages(errors) -> list[str]:
    out = []
    for error in errors:
        if isinstance(error, dict):
            for sub in error.values():
                out.extend(_messages(sub))
        elif isinstance(error, list):
            out.extend(_messages(error))
        else:
            out.append(str(error))
    return out
