"""Every GET page of the app with real ids: each rule of `app.url_map` with its variables
filled from the database (every row), for the leak and escaping tests.

A new GET route whose variables this module cannot fill fails those tests with a message: add
the variable to `MODELS` / `API_MODELS` below (a `<area>.history` page on `<int:ident>` needs
nothing: `ident` in an area's blueprint is that area's row).
"""

from __future__ import annotations

import itertools

from sqlmodel import Session, select
from werkzeug.routing import AnyConverter, PathConverter

from campaign import models as m
from campaign.common.choosers import LOOKUPS
from campaign.entities import all_entities, entity_for

# A blueprint's `ident` / `<int:…_id>` variable -> the rows it names: every registered
# record's area (campaign.entities), and the other areas that name rows.
MODELS = {
    **{entity.plural: entity.model for entity in all_entities()},
    "calendar": m.Milestone,
    "packs": m.Pack,
    "notifications": m.Notification,
    "returns": m.Source,
    "accounts": m.User,
    "inbox": m.MonitorItem,
}
# An API item endpoint's `<key>` / `<slug>` -> its rows (every record in the API).
API_MODELS = {
    f"api.{entity.item_endpoint}": entity.model for entity in all_entities() if entity.api
}
# A person's stances (`/api/v1/people/<key>/stances`) are keyed by the person.
API_MODELS["api.person_stances"] = m.Person
# The monitoring inbox's items (`/api/v1/inbox/<id>`), by id.
API_MODELS["api.inbox_item"] = m.MonitorItem
# `/api/v1/<collection>/<key>/revisions`: each collection with its own rows' keys.
API_COLLECTIONS = {
    entity.plural: entity.model for entity in all_entities() if entity.api and entity.revisioned
}
# `/api/v1/lookup/<kind>?q=`: every chooser's name, and words to look up (a `q` is required).
LOOKUP_QUERY = "q=a"
# Not crawled: signed tokens and secrets no page links to without them.
SKIPPED = {"accounts.reset_password"}


def _model(endpoint: str):
    if endpoint in API_MODELS:
        return API_MODELS[endpoint]
    return MODELS.get(endpoint.split(".", 1)[0])


def values(session: Session, endpoint: str, name: str, converter) -> list:
    """Every value the variable `name` of `endpoint` takes in the database."""
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)
    if isinstance(converter, PathConverter):
        return ["css/app.css"]
    if endpoint == "api.lookup":
        return sorted(LOOKUPS)
    model = _model(endpoint)
    if model is None:
        raise LookupError(f"{endpoint}: no rows for <{name}>; add it to tests/security/crawl.py")
    if model is m.Ask and name in ("ident", "slug"):
        return list(session.exec(select(m.Ask.slug)).all())
    if name in ("key", "slug"):
        return list(session.exec(select(entity_for(model).key_column)).all())
    if name == "ident" or name.endswith("_id"):
        return list(session.exec(select(model.id)).all())
    raise LookupError(f"{endpoint}: no rows for <{name}>; add it to tests/security/crawl.py")


def get_urls(app, session: Session, *, query: str = "") -> dict[str, str]:
    """url -> endpoint for every GET rule and every combination of real values. Pages without
    variables (lists, dashboard) also get `query` appended, e.g. "q=WORD", when given."""
    urls: dict[str, str] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        names = list(rule._converters)
        if rule.endpoint == "api.revisions":
            for collection, model in API_COLLECTIONS.items():
                for key in session.exec(select(entity_for(model).key_column)).all():
                    urls[rule.build({"collection": collection, "key": key})[1]] = rule.endpoint
            continue
        choices = [values(session, rule.endpoint, n, rule._converters[n]) for n in names]
        for combination in itertools.product(*choices):
            url = rule.build(dict(zip(names, combination, strict=True)))[1]
            if rule.endpoint == "api.lookup":
                url = f"{url}?{LOOKUP_QUERY}"
            urls[url] = rule.endpoint
            if query and not names:
                urls[f"{url}{'&' if '?' in url else '?'}{query}"] = rule.endpoint
    return urls
