"""Factory callables for tests: sensible defaults, any field overridable, rows committed."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from campaign import models as m

_n = itertools.count(1)


class Factories:
    def __init__(self, session: Session):
        self.session = session

    def record(self, entity, n: int | None = None, **values):
        """A row of any registered entity (campaign.entities), made as its form would make it:
        its `sample(n)` values overlaid with `values`, validated by its form and saved by its
        create service. A new kind of record gets a factory without an edit here."""
        from flask import current_app

        from campaign.common.formdata import to_formdata

        data = {
            **(entity.sample(n if n is not None else next(_n)) if entity.sample else {}),
            **values,
        }
        with current_app.test_request_context(method="POST"):
            form = entity.bound_form(self.session, None, to_formdata(data))
            assert not form.errors, (entity.name, form.errors)
            row = entity.create(session=self.session, data=form.data)
        self.session.commit()
        return row

    def _save(self, row):
        self.session.add(row)
        self.session.commit()
        return row

    def organisation(self, **kw) -> m.Organisation:
        n = next(_n)
        kw.setdefault("name", f"Organisation {n}")
        kw.setdefault("key", f"organisation-{n}")
        kw.setdefault("kind", m.OrganisationKind.REGULATOR)
        return self._save(m.Organisation(**kw))

    def source(self, **kw) -> m.Source:
        n = next(_n)
        kw.setdefault("title", f"Source {n}")
        kw.setdefault("key", f"source-{n}")
        kw.setdefault("kind", m.SourceKind.REPORT)
        kw.setdefault("publisher", "NSPCC")
        return self._save(m.Source(**kw))

    def ask(self, **kw) -> m.Ask:
        n = next(_n)
        kw.setdefault("title", f"Ask {n}")
        kw.setdefault("slug", f"ask-{n}")
        kw.setdefault("status", m.AskStatus.ACTIVE)
        return self._save(m.Ask(**kw))

    def statistic(self, **kw) -> m.Statistic:
        n = next(_n)
        kw.setdefault("label", f"Statistic {n}")
        kw.setdefault("key", f"statistic-{n}")
        kw.setdefault("value", Decimal(n))
        kw.setdefault("unit", m.StatisticUnit.COUNT)
        return self._save(m.Statistic(**kw))

    def evidence(self, **kw) -> m.Evidence:
        n = next(_n)
        kw.setdefault("title", f"Evidence {n}")
        kw.setdefault("key", f"evidence-{n}")
        kw.setdefault("kind", m.EvidenceKind.QUOTE)
        kw.setdefault("text", f"Evidence text {n}")
        kw.setdefault("sensitivity", m.Sensitivity.PUBLIC)
        return self._save(m.Evidence(**kw))

    def response(self, **kw) -> m.Response:
        n = next(_n)
        if "organisation" not in kw and "organisation_id" not in kw:
            kw["organisation"] = self.organisation()
        kw.setdefault("title", f"Response {n}")
        kw.setdefault("key", f"response-{n}")
        kw.setdefault("response_date", date(2025, 1, 1))
        kw.setdefault("channel", m.ResponseChannel.PUBLIC_STATEMENT)
        return self._save(m.Response(**kw))

    def milestone(self, **kw) -> m.Milestone:
        n = next(_n)
        kw.setdefault("title", f"Milestone {n}")
        kw.setdefault("key", f"milestone-{n}")
        kw.setdefault("milestone_date", date(2026, 1, 1))
        kw.setdefault("kind", m.MilestoneKind.STATEMENT)
        return self._save(m.Milestone(**kw))

    def link(self, row):
        """Save any link row (AskStatistic, AskEvidence, AskMilestone, ResponseAsk)."""
        return self._save(row)
