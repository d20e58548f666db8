"""Every seed item's form values go back through its form unchanged: what revision restore
and the write API rely on."""

import pytest
from sqlmodel import Session, select

from campaign.common.formdata import form_values, to_formdata
from campaign.db import get_engine
from campaign.entities import all_entities, entity_for

# Every revisioned record, from the registry: a new one is covered without an edit here.
MODELS = [entity.model for entity in all_entities() if entity.revisioned]
# Records the seed campaign does not hold yet: a row is made from the entity's sample
# (issue 18: the seed gains its interactions in a later part; then this comes out).
NOT_IN_SEED = {"interactions"}


def _watch_values(session) -> dict:
    """A watch (issue 19: not in the seed) of the seed's first ask, with feeds and an owner's
    place left empty: a watch has no sample, since it must name a row."""
    from campaign.models import Ask

    slug = session.exec(select(Ask.slug).order_by(Ask.slug)).first()
    return {
        "name": "Watch the seed's ask",
        "ask": slug,
        "terms": '"Online Safety Act" Ofcom -Meta\nencrypt*',
        "sources": ["hansard", "feed"],
        "feeds": ["https://www.ofcom.org.uk/news.rss"],
        "alert_level": "immediate",
    }


# Records made on the seed's rows instead of from a sample (they must name a row).
MADE_ON_SEED = {"watches": _watch_values}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_values_round_trip_through_the_form(seeded, model):
    views = entity_for(model)
    with seeded.test_request_context(method="POST"), Session(get_engine()) as session:
        rows = session.exec(select(model)).all()
        if not rows and model.__tablename__ in NOT_IN_SEED:
            form = views.bound_form(session, None, to_formdata(views.sample(1)))
            rows = [views.create(session=session, data=form.data)]
        if not rows and model.__tablename__ in MADE_ON_SEED:
            values = MADE_ON_SEED[model.__tablename__](session)
            form = views.bound_form(session, None, to_formdata(values))
            assert form.errors == {}
            rows = [views.create(session=session, data=form.data)]
        assert rows
        for obj in rows:
            values = views.values_of(obj)
            form = views.bound_form(session, obj, to_formdata(values))
            assert form.errors == {}, (obj, values)
            # and the validated input shows the same values again
            assert form_values(form) == values, obj
