"""`Entity`: everything the rest of Campaign needs to know about one kind of record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from campaign.common.formdata import form_values
from campaign.common.listing import ListSpec
from campaign.entities.params import Param, linked_to_ask


def _no_prefill(obj: Any) -> dict[str, Any]:
    return {}


def _nothing_to_prepare(session: Any, form: Any, obj: Any) -> None:
    return None


@dataclass(frozen=True)
class ApiSpec:
    """How `/api/v1/<plural>` lists and shows the record (campaign.api derives its routes)."""

    listing: ListSpec  # sorts (one null ordering on both databases), search, scope, loaders
    # public(row, *, can_see_restricted) -> the item's JSON (the serialiser loads nothing)
    public: Callable[..., dict[str, Any]]
    # The collection's own filters (`?kind=`, `?source=`); `?ask=` comes from `ask_links`.
    params: Sequence[Param] = ()
    # The item's endpoint, `api.<item_endpoint>`; the entity's name unless that is also the
    # collection's (evidence: `api.evidence` lists, `api.evidence_item` shows one).
    item_endpoint: str | None = None
    writable: bool = True  # POST to the collection, PATCH to an item (editors)
    # detail(session, row, *, can_see_restricted) when one item shows more than a list row
    # (an ask embeds what is linked to it), loading it with `detail_options`.
    detail: Callable[..., dict[str, Any]] | None = None
    detail_options: Sequence[Any] = ()

    @property
    def item_options(self) -> Sequence[Any]:
        """The loaders for one item: what `detail` embeds, or what a list row shows."""
        return self.detail_options if self.detail is not None else self.listing.options


@dataclass(frozen=True)
class AskLinks:
    """The link table between asks and this record (`?ask=<slug>`, the ask page's link kinds)."""

    model: Any  # the link table model: AskStatistic
    column: str  # the record's column in it: "statistic_id"


@dataclass(frozen=True)
class BundleSpec:
    """The record's bundle section (docs/bundles.md).

    `fields` are the model columns a row carries besides its key and `archived`; campaign.bundles
    derives the row's schema, export and import from them and from the form that checks each
    value. A section whose rows hold more than plain columns (a statistic's formula, an ask's
    links) is written by hand in campaign.bundles and says `custom=True`."""

    section: str  # "tags"
    fields: Sequence[str] = ()
    custom: bool = False


@dataclass(frozen=True)
class SearchSpec:
    """How the record appears in the site-wide search (campaign.search.site): its `title`
    column (weighted highest), its `body` columns, and a (column, value) that hides the body
    and restricts the row (restricted evidence: found by its title only, and only by a user
    cleared to see it). `code` (1–15) is fixed for good: SQLite's index keys rows by
    `code << 40 | id << 2 | flags`, so each kind is its own range of keys. `via` lets a row be
    found through rows it links to: (link table, its column for this record, its column for
    the other record, the other record's name); an ask is found by the names of the
    organisations it targets, a response by its organisation's (the link table is then its
    own: `("responses", "id", "organisation_id", "organisation")`)."""

    code: int
    title: str
    body: Sequence[str] = ()
    hidden_when: tuple[str, str] | None = None
    via: Sequence[tuple[str, str, str, str]] = ()


@dataclass(eq=False)
class Entity:
    name: str  # "statistic": API endpoints (api.create_statistic), Revision.entity
    plural: str  # "statistics": the API collection, bundle section and pages' blueprint
    model: Any  # the table model (typed Any: its columns are used in queries)
    form: type  # the edit form: the one validation every door (page, API, restore) goes through
    create: Callable[..., Any]  # create(*, session, data) -> row
    update: Callable[..., Any]  # update(row, *, session, data) -> None
    noun: str = ""  # in messages, when not the name: "evidence item"
    api: ApiSpec | None = None
    bundle: BundleSpec | None = None
    ask_links: AskLinks | None = None
    search: SearchSpec | None = None
    revisioned: bool = True  # every change kept as a Revision (campaign.revisions)
    # The access rule: narrows a query to the rows the signed-in user may see (restricted
    # evidence needs clearance); None: every row. Lists, items, lookups and bundles apply it.
    scope: Callable[[Any], Any] | None = None
    # Whether a row must stay out of external packs and exports without clearance.
    restricted: Callable[[Any], bool] | None = None
    form_prefill: Callable[[Any], dict[str, Any]] = _no_prefill
    prepare_form: Callable[[Any, Any, Any], None] = _nothing_to_prepare
    title_of: Callable[[Any], str] = str
    changed: Any = None  # a blinker signal sent with `id=` after every change
    # sample(n) -> the form values of the n-th example row: the test suite's factories and
    # role walk create rows of every entity with it, through `create`.
    sample: Callable[[int], dict[str, Any]] | None = field(default=None)

    def __post_init__(self) -> None:
        if not self.noun:
            self.noun = self.name

    # -- identity ------------------------------------------------------------------------
    @property
    def key_field(self) -> str:
        """The column that names a row in URLs, bundles and the API: `key` (asks: `slug`)."""
        return self.model.__natural_key__

    @property
    def key_column(self) -> Any:
        return getattr(self.model, self.key_field)

    @property
    def list_params(self) -> list[Param]:
        """The API list's filters: the spec's own, then `?ask=<slug>` for a record linked to
        asks (its `ask_links`)."""
        params = list(self.api_spec.params)
        if self.ask_links is not None:
            link = self.ask_links.model
            row = getattr(link, self.ask_links.column)
            params.append(linked_to_ask(self.model.id, link.ask_id, row))
        return params

    @property
    def api_spec(self) -> ApiSpec:
        """`api`, for code that only runs for records in the API."""
        if self.api is None:
            raise LookupError(f"{self.name} is not in the API")
        return self.api

    @property
    def bundle_spec(self) -> BundleSpec:
        """`bundle`, for code that only runs for records in bundles."""
        if self.bundle is None:
            raise LookupError(f"{self.name} is not in bundles")
        return self.bundle

    def key_of(self, row: Any) -> str:
        return getattr(row, self.key_field)

    @property
    def item_endpoint(self) -> str:
        return (self.api and self.api.item_endpoint) or self.name

    # -- the form outside a page (API writes, revision snapshots and restores) -------------
    def values_of(self, obj: Any) -> dict[str, Any]:
        """The row's content as its edit form would show it (campaign.common.formdata)."""
        form = self.form(formdata=None, obj=obj, data=self.form_prefill(obj), meta={"csrf": False})
        return form_values(form)

    def bound_form(self, session: Any, obj: Any, formdata: Any) -> Any:
        """The form bound to posted-style input and validated, without CSRF (the caller has
        authenticated the request another way, or is restoring a stored version)."""
        form = self.form(formdata=formdata, meta={"csrf": False})
        self.prepare_form(session, form, obj)
        form.validate()
        return form

    def announce(self, obj: Any) -> None:
        if self.changed is not None:
            self.changed.send(self.model, id=obj.id)
